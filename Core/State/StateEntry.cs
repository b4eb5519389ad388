using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.State;

/// <summary>
/// What the daemon remembers of one script across its own restarts (CONTRACTS.md §7).
/// <see cref="LeftoverGroups"/>: process groups of earlier runs whose leader exited while members
/// lived on (absent when none), so a successor stops them too.
/// </summary>
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
    int? ExitCode,
    IReadOnlyList<int>? LeftoverGroups = null);
