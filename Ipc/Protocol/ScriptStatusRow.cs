namespace TurtleHarbor.Ipc.Protocol;

/// <summary>One row of <c>th ps</c>; its JSON form is the <c>th ps --json</c> contract (CONTRACTS.md §3).</summary>
internal sealed record ScriptStatusRow(
    string Name,
    string Config,
    ScriptState Status,
    int? Pid,
    int? Pgid,
    DateTimeOffset? StartedAt,
    long UptimeSecs,
    int Restarts,
    int? ExitCode,
    DateTimeOffset? NextRun);
