namespace TurtleHarbor.Core.Native;

/// <summary>What a killpg that failed says about the process group (<see cref="ErrnoMeaning.OfKillpg"/>).</summary>
internal enum GroupSignalOutcome
{
    /// <summary>Nothing left in the group that th could signal.</summary>
    Gone,

    /// <summary>Members remain, but none th may signal (Linux: another user's, e.g. after a setuid exec).</summary>
    NotPermitted,
}
