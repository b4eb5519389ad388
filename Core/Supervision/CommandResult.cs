using System.Collections.Immutable;
using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>What the core answers a command with.</summary>
internal abstract record CommandResult
{
    /// <summary>Set when the reply went out while the state (or history) could not be saved: the command took effect but is not durable.</summary>
    public SaveFailure? NotSaved { get; init; }
}

internal sealed record OutcomesResult(ImmutableArray<ScriptOutcome> Outcomes) : CommandResult;

internal sealed record StatusResult(ImmutableArray<ScriptSnapshot> Scripts) : CommandResult;

internal sealed record ReloadResult(bool DryRun, ImmutableArray<ReloadChange> Changes) : CommandResult;

internal sealed record LogSourcesResult(ImmutableArray<LogSource> Sources) : CommandResult;

internal sealed record HistoryResult(ImmutableArray<RunRecord> Runs) : CommandResult;

internal sealed record DaemonStatusResult(int Pid, DateTimeOffset StartedAt, int Scripts, int Configs, ImmutableArray<LokiStatus> Loki) : CommandResult
{
    /// <summary>Notifications sent and failed; null while no config has <c>settings.notify</c>.</summary>
    public Notifications.NotificationCounts? Notifications { get; init; }
}


/// <summary>
/// A script's log file, how many rotated siblings it may have, and its live writer when the daemon
/// runs the script (null for a config it has not been told about): followers listen to the writer.
/// </summary>
internal sealed record LogSource(string Name, string Path, int MaxFiles, ScriptLogWriter? Writer);
