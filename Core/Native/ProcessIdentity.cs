using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Tells one incarnation of a pid from the next, so a recycled pid is never mistaken for ours.</summary>
internal static unsafe class ProcessIdentity
{
    /// <summary>
    /// An opaque number that stays the same for the life of the process and differs for a later
    /// process with the same pid, or null when there is no such process or th cannot tell (never an
    /// exception: callers treat null as "not the process we knew"). Linux: starttime (field 22 of
    /// /proc/pid/stat, clock ticks since boot); macOS: kp_proc.p_starttime in microseconds since the epoch.
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
        return ErrnoMeaning.IsAliveAfterKillFailed(errno, ErrnoTable.Host) ?? throw new NativeCallException("kill", errno);
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

    /// <summary>
    /// sysctl KERN_PROC_PID, which any user may ask about any process (proc_pidinfo's
    /// PROC_PIDTBSDINFO refuses another user's process with EPERM: xnu bsd/kern/proc_info.c).
    /// </summary>
    private static long? MacStartTime(int pid)
    {
        var name = stackalloc int[] { Libc.KinfoProc.CtlKern, Libc.KinfoProc.KernProc, Libc.KinfoProc.KernProcPid, pid };
        var buffer = stackalloc byte[Libc.KinfoProc.BufferSize];
        nuint length = Libc.KinfoProc.BufferSize;
        var result = Libc.sysctl(name, 4, buffer, &length, null, 0);
        var errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        return StartTimeFromKinfoProc(pid, result, errno, new ReadOnlySpan<byte>(buffer, (int)Math.Min(length, (nuint)Libc.KinfoProc.BufferSize)));
    }

    /// <summary>
    /// The start time in microseconds from a KERN_PROC_PID answer, or null when it cannot tell: the call
    /// failed (any errno), no process has that pid (success with nothing written), or the record is
    /// short or of another pid. "Cannot tell" means "not ours" to every caller, so recovery never kills
    /// a group it cannot vouch for and never fails on a pid it cannot read.
    /// </summary>
    internal static long? StartTimeFromKinfoProc(int pid, int result, int errno, ReadOnlySpan<byte> written)
    {
        _ = errno; // whatever it is (EPERM, ENOMEM ...), a failed probe cannot vouch for the process
        if (result != 0 || written.Length < Libc.KinfoProc.MinimumLength
            || BitConverter.ToInt32(written[Libc.KinfoProc.PidOffset..]) != pid)
        {
            return null;
        }

        var seconds = BitConverter.ToInt64(written[Libc.KinfoProc.StartSecondsOffset..]);
        var microseconds = BitConverter.ToInt32(written[Libc.KinfoProc.StartMicrosecondsOffset..]);
        return seconds <= 0 ? null : seconds * 1_000_000 + microseconds;
    }
}
