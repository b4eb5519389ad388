using System.Globalization;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Process groups left in the session of a dead daemon (Linux, from /proc). The detached daemon
/// leads its own session and every script group it spawns is in it, so this finds scripts that
/// were spawned but not yet saved in state.json when the daemon died. A script that called setsid
/// itself has left the session and cannot be found this way (only cgroups could).
/// macOS: not implemented (no /proc); state.json alone drives recovery there.
/// </summary>
internal static class SessionLeftovers
{
    /// <summary>
    /// The groups still alive in session <paramref name="sessionId"/>, or none unless the session's
    /// leader <paramref name="leaderPid"/> (started at <paramref name="leaderStartTime"/>) is really
    /// gone and the session is not ours. Linux never hands out a pid that is still some session's
    /// id, so while members remain no unrelated process can have taken the leader's pid.
    /// </summary>
    public static IReadOnlyList<int> Find(int leaderPid, int sessionId, long leaderStartTime)
    {
        if (!OperatingSystem.IsLinux() || leaderPid != sessionId || sessionId <= 1)
        {
            return [];
        }

        var self = ProcStat.Read(Environment.ProcessId);
        if (self is null || self.Value.SessionId == sessionId)
        {
            return [];
        }

        // A killed daemon whose parent (often PID 1 in a container) has not reaped it yet is a zombie: dead.
        if (ProcStat.Read(leaderPid) is { State: not ('Z' or 'X') } leader && (leader.StartTime == leaderStartTime || leader.SessionId == sessionId))
        {
            return [];
        }

        var groups = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcStat.Read(pid) is { } stat
                && stat.SessionId == sessionId
                && stat.State is not ('Z' or 'X')
                && stat.ProcessGroupId > 1
                && stat.ProcessGroupId != self.Value.ProcessGroupId)
            {
                groups.Add(stat.ProcessGroupId);
            }
        }

        return [.. groups];
    }
}
