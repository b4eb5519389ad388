using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.State;

/// <summary>What the daemon remembers of one script across its own restarts (CONTRACTS.md §7).</summary>
internal sealed record StateEntry(
    string Config,
    string Name,
    DesiredState Desired,
    ScriptStatus Status,
    int? Pid,
    int? Pgid,
    long? StartTime,
    DateTimeOffset? StartedAt,
    int Restarts,
    int? ExitCode);
