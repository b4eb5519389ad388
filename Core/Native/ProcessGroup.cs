using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Signals and probes a whole process group (a script and everything it started).</summary>
internal static class ProcessGroup
{
    /// <summary>
    /// killpg; false when the group is gone: ESRCH, or on macOS EPERM for a group of zombies only
    /// (<see cref="ErrnoMeaning.OfKillpg"/>).
    /// </summary>
    /// <exception cref="NativeCallException">Any other errno, and Linux EPERM (members of another user).</exception>
    public static bool Signal(int pgid, Signal signal)
    {
        ThrowIfNotAGroup(pgid);
        return Libc.killpg(pgid, SignalNumbers.ToNumber(signal)) == 0
            || SignalFailed(Marshal.GetLastPInvokeError(), ErrnoTable.Host);
    }

    /// <summary>What <see cref="Signal"/> answers for a killpg that failed with <paramref name="errno"/> on <paramref name="os"/>.</summary>
    internal static bool SignalFailed(int errno, ErrnoTable os) =>
        ErrnoMeaning.OfKillpg(errno, os) == GroupSignalOutcome.Gone ? false : throw new NativeCallException("killpg", errno);

    /// <summary>
    /// Whether any process of the group is still running. Zombies do not count: on Linux a killed
    /// grandchild waits for its reaper (PID 1 in a container may never come), yet killpg still
    /// finds it, so /proc decides; macOS's killpg skips zombies itself and answers EPERM for a group
    /// of zombies only (<see cref="ErrnoMeaning.OfKillpg"/>).
    /// </summary>
    public static bool HasLiveMembers(int pgid) => HasLiveMembers(pgid, static () => LiveGroupsInProc());

    /// <summary>
    /// As <see cref="HasLiveMembers(int)"/>, deciding from <paramref name="liveGroups"/> (one /proc pass
    /// shared by many checks) when killpg alone cannot tell. Stopping hundreds of scripts at once
    /// would otherwise read every /proc/PID/stat once per group.
    /// </summary>
    public static bool HasLiveMembers(int pgid, Func<IReadOnlySet<int>> liveGroups)
    {
        ThrowIfNotAGroup(pgid);
        if (Libc.killpg(pgid, 0) != 0 && !ProbeFailedButMembersRemain(Marshal.GetLastPInvokeError(), ErrnoTable.Host))
        {
            return false;
        }

        return !OperatingSystem.IsLinux() || liveGroups().Contains(pgid);
    }

    /// <summary>
    /// How many processes group <paramref name="pgid"/> has: on Linux those other than zombies, read
    /// from /proc; on macOS every member proc_listpids(PROC_PGRP_ONLY) lists (zombies included).
    /// </summary>
    public static int CountLiveMembers(int pgid)
    {
        ThrowIfNotAGroup(pgid);
        if (OperatingSystem.IsMacOS())
        {
            return CountMembersMacOS(pgid);
        }

        return ProcStat.ReadAll().Count(stat => stat.ProcessGroupId == pgid && stat.State is not ('Z' or 'X'));
    }

    private static unsafe int CountMembersMacOS(int pgid)
    {
        // A group of more than 4096 processes is counted as 4096: ps only says how many are left.
        const int MaxPids = 4096;
        var pids = stackalloc int[MaxPids];
        var bytes = Libc.proc_listpids(Libc.ProcListPids.PgrpOnly, (uint)pgid, pids, MaxPids * sizeof(int));
        return bytes <= 0 ? 0 : bytes / sizeof(int);
    }

    /// <summary>
    /// killpg(pgid, 0) failed with <paramref name="errno"/> on <paramref name="os"/>: true when members may
    /// remain (Linux EPERM: another user's), false when the group is gone (ESRCH; macOS EPERM: zombies only).
    /// </summary>
    internal static bool ProbeFailedButMembersRemain(int errno, ErrnoTable os) => ErrnoMeaning.OfKillpg(errno, os) switch
    {
        GroupSignalOutcome.Gone => false,
        GroupSignalOutcome.NotPermitted => true,
        _ => throw new NativeCallException("killpg", errno),
    };

    /// <summary>The groups that have a member other than a zombie, read from /proc (Linux).</summary>
    public static IReadOnlySet<int> LiveGroupsInProc()
    {
        var groups = new HashSet<int>();
        foreach (var stat in ProcStat.ReadAll())
        {
            if (stat.State is not ('Z' or 'X'))
            {
                groups.Add(stat.ProcessGroupId);
            }
        }

        return groups;
    }

    // killpg(0) is our own group and killpg(1) init's: never what a caller meant.
    private static void ThrowIfNotAGroup(int pgid)
    {
        if (pgid <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pgid), pgid, "Not a process group th may address.");
        }
    }
}
