using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Ipc.Protocol;

/// <summary>Everything the daemon answers; the "type" of each is in <see cref="MessageCatalog"/>.</summary>
internal abstract record Response;

/// <param name="Receipts">
/// The daemon answers a request carrying <see cref="Request.Receipt"/> with <see cref="ReceivedResponse"/> before it
/// carries it out. Absent (false) from daemons older than receipts.
/// </param>
internal sealed record PongResponse(string Version, int Pid, bool Receipts = false) : Response;

/// <summary>
/// The receipt for a request that asked for one (<see cref="Request.Receipt"/>): the daemon has read it whole and
/// carries it out next; its answer follows. Written before the request reaches the core, so a client that lost the
/// connection without seeing it knows the request was never acted on.
/// </summary>
internal sealed record ReceivedResponse : Response;

/// <summary>
/// No exception crosses the wire: the client rebuilds the ThException of <see cref="Code"/> (the
/// exit code, CONTRACTS §3); <see cref="Message"/> is for people. For an invalid config,
/// <see cref="Problems"/> lists every problem with its file, line and column (1-based, 0 when
/// unknown), so the client shows what <c>th validate</c> would without parsing the message.
/// </summary>
internal sealed record ErrorResponse(int Code, string Message, string? Hint, IReadOnlyList<ConfigProblem>? Problems = null) : Response;

/// <summary>What up/down/restart/run did to each script.</summary>
/// <param name="NotSaved">Set when the change took effect but state.json (or history.json) could not be written (or the history journal appended): the client exits 74.</param>
internal sealed record OutcomesResponse(IReadOnlyList<ScriptOutcome> Outcomes, SaveFailure? NotSaved = null) : Response;

internal sealed record StatusResponse(IReadOnlyList<ScriptSnapshot> Scripts) : Response;

/// <param name="NotSaved">As in <see cref="OutcomesResponse"/>.</param>
internal sealed record ReloadResponse(bool DryRun, IReadOnlyList<ReloadChange> Changes, SaveFailure? NotSaved = null) : Response
{
    /// <summary>Every script the daemon knows of the config is gone from the file (an emptied file, an editor accident).</summary>
    public bool EmptiesConfig() => Changes.Count > 0 && Changes.All(c => c.Change == ReloadChangeKind.Removed);
}

/// <param name="Missing">Scripts whose log file is not there (moved or deleted, or never written), each with the path looked at.</param>
internal sealed record LogsResponse(bool EndOfTail, bool Following, IReadOnlyList<LogLine>? Missing = null) : Response;

/// <summary>
/// Log lines come as a series of chunks of bounded size; <see cref="LogsResponse"/> with
/// <c>EndOfTail</c> marks the end of the requested tail. With follow, chunks go on after it.
/// </summary>
internal sealed record LogChunkResponse(IReadOnlyList<LogLine> Lines) : Response;

/// <param name="Loki">One row per Loki target (CONTRACTS.md §2 settings.loki); empty when no config has a loki section.</param>
internal sealed record DaemonStatusResponse(int Pid, string Version, long UptimeSecs, string Home, string Socket, int Scripts, int Configs, IReadOnlyList<LokiStatus>? Loki = null, Core.Notifications.NotificationCounts? Notifications = null) : Response;

/// <summary>Runs oldest first; the last <c>RunHistory.MaxPerScript</c> of each script.</summary>
internal sealed record HistoryResponse(IReadOnlyList<RunRecord> Runs) : Response;
