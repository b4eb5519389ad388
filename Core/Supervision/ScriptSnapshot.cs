using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One script as <c>th ps</c> shows it; its snake_case JSON form is the <c>th ps --json</c> contract (CONTRACTS.md §3).
/// <see cref="GroupAlive"/>: a process group of the script still has live members (its running
/// leader's, or one an exited leader left); <see cref="ProcessesLeft"/>: how many live processes are
/// in groups whose leader is gone.
/// </summary>
/// <param name="Health">The healthcheck's verdict; null for a script without <c>healthcheck</c> or not running.</param>
/// <param name="BlockedBy">Why a script waits for its <c>depends_on</c>, as <c>ps</c> shows it (<c>db: unhealthy</c>); null otherwise.</param>
/// <param name="CpuPercent">CPU of the whole process group over the last sampling interval, in percent of one core; null when not sampled.</param>
/// <param name="RssBytes">Resident memory summed over the process group, in bytes; null when not sampled or unknown.</param>
/// <param name="Processes">Live processes in the group when sampled; null when not sampled.</param>
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
    int ProcessesLeft = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HealthStatus? Health = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BlockedBy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CpuPercent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RssBytes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Processes = null)
{
    /// <summary>Restarts because the group stayed above <c>max_memory</c>, since the daemon started; null for a script without <c>max_memory</c> that never had one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MemoryRestarts { get; init; }
}
