using System.Globalization;
using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Signals and probes a whole process group (a script and everything it started).</summary>
internal static class ProcessGroup
{
    /// <summary>killpg; false when the group is gone (ESRCH).</summary>
    public static bool Signal(int pgid, Signal signal)
    {
        ThrowIfNotAGroup(pgid);
        if (Libc.killpg(pgid, SignalNumbers.ToNumber(signal)) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ESRCH ? false : throw new NativeCallException("killpg", errno);
    }

    /// <summary>
    /// Whether any process of the group is still running. On Linux, zombies do not count: a killed
    /// grandchild waits for its reaper (PID 1 in a container may never come), yet killpg still
    /// finds it, so /proc decides.
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
        if (Libc.killpg(pgid, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ESRCH)
            {
                return false;
            }

            if (errno != Errno.EPERM)
            {
                throw new NativeCallException("killpg", errno);
            }
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

        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcStat.Read(pid) is { } stat && stat.ProcessGroupId == pgid && stat.State is not ('Z' or 'X'))
            {
                count++;
            }
        }

        return count;
    }

    private static unsafe int CountMembersMacOS(int pgid)
    {
        // A group of more than 4096 processes is counted as 4096: ps only says how many are left.
        const int MaxPids = 4096;
        var pids = stackalloc int[MaxPids];
        var bytes = Libc.proc_listpids(Libc.ProcListPids.PgrpOnly, (uint)pgid, pids, MaxPids * sizeof(int));
        return bytes <= 0 ? 0 : bytes / sizeof(int);
    }

    /// <summary>The groups that have a member other than a zombie, read from /proc (Linux).</summary>
    public static IReadOnlySet<int> LiveGroupsInProc()
    {
        var groups = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory.AsSpan());
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ProcStat.Read(pid) is { } stat && stat.State is not ('Z' or 'X'))
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
