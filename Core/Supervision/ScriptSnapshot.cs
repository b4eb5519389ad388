using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One script as <c>th ps</c> shows it; its snake_case JSON form is the <c>th ps --json</c> contract (CONTRACTS.md §3).
/// <see cref="GroupAlive"/>: a process group of the script still has live members (its running
/// leader's, or one an exited leader left); <see cref="ProcessesLeft"/>: how many live processes are
/// in groups whose leader is gone.
/// </summary>
/// <param name="Desired">Up or down as last asked; set (and in the JSON) only when <c>th ps</c> read state.json because no daemon runs.</param>
internal sealed record ScriptSnapshot(
    string Name,
    string Config,
    ScriptStatus Status,
    int? Pid,
    int? Pgid,
    DateTimeOffset? StartedAt,
    long UptimeSecs,
    int Restarts,
    int? ExitCode,
    DateTimeOffset? NextRun,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DesiredState? Desired = null,
    bool GroupAlive = false,
    int ProcessesLeft = 0);
