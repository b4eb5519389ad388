using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Tells one incarnation of a pid from the next, so a recycled pid is never mistaken for ours.</summary>
internal static unsafe class ProcessIdentity
{
    /// <summary>
    /// An opaque number that stays the same for the life of the process and differs for a later
    /// process with the same pid, or null when there is no such process. Linux: starttime (field
    /// 22 of /proc/pid/stat, clock ticks since boot); macOS: start time in microseconds.
    /// </summary>
    public static long? GetStartTime(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return OperatingSystem.IsMacOS() ? MacStartTime(pid) : ProcStat.Read(pid)?.StartTime;
    }

    /// <summary>kill(pid, 0): a process we may not signal (EPERM) is still alive.</summary>
    public static bool IsAlive(int pid)
    {
        // kill(0) and kill(-1) address groups, not a process.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (Libc.kill(pid, 0) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.EPERM)
        {
            return true;
        }

        return errno == Errno.ESRCH ? false : throw new NativeCallException("kill", errno);
    }

    /// <summary>
    /// Whether the process has exited, reaped or not: a zombie (state Z in /proc/pid/stat on Linux;
    /// on macOS proc_pidinfo fails with ESRCH for one) has released everything but its pid, so
    /// whoever waits for it to end need not wait for its parent to reap it.
    /// </summary>
    public static bool HasExited(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (!IsAlive(pid))
        {
            return true;
        }

        return OperatingSystem.IsMacOS() ? MacStartTime(pid) is null : ProcStat.Read(pid) is not { State: not 'Z' };
    }

    public static int CurrentUid() => (int)Libc.geteuid();

    private static long? MacStartTime(int pid)
    {
        var info = stackalloc byte[Libc.ProcBsdInfo.Size];
        var written = Libc.proc_pidinfo(pid, Libc.ProcBsdInfo.Flavor, 0, info, Libc.ProcBsdInfo.Size);
        if (written < Libc.ProcBsdInfo.Size)
        {
            // 0 with ESRCH for no such process (zombies included); anything else is unexpected.
            var errno = Marshal.GetLastPInvokeError();
            return written == 0 && errno == Errno.ESRCH ? null : throw new NativeCallException("proc_pidinfo", errno);
        }

        var seconds = *(ulong*)(info + Libc.ProcBsdInfo.StartSecondsOffset);
        var microseconds = *(ulong*)(info + Libc.ProcBsdInfo.StartMicrosecondsOffset);
        return (long)(seconds * 1_000_000 + microseconds);
    }
}
