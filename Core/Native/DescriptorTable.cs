namespace TurtleHarbor.Core.Native;

/// <summary>
/// This process's file descriptors: how many it may hold (the soft RLIMIT_NOFILE) and how many it holds now.
/// </summary>
internal static unsafe class DescriptorTable
{
    /// <summary>
    /// The soft RLIMIT_NOFILE (getrlimit(2)), the limit open(2), pipe(2) and accept(2) fail with EMFILE at;
    /// null when it is RLIM_INFINITY or cannot be read: then there is no limit to keep a reserve under.
    /// </summary>
    public static long? SoftLimit()
    {
        // RLIMIT_NOFILE: 7 on Linux (asm-generic/resource.h), 8 on macOS (xnu bsd/sys/resource.h).
        var resource = OperatingSystem.IsMacOS() ? 8 : 7;
        Libc.ResourceLimit limit;
        if (Libc.getrlimit(resource, &limit) != 0)
        {
            return null;
        }

        // RLIM_INFINITY is ~0 on Linux and 2^63-1 on macOS: either is beyond long.MaxValue / 2.
        return limit.Soft >= long.MaxValue / 2 ? null : (long)limit.Soft;
    }

    /// <summary>
    /// How many descriptors this process has open: the entries of /proc/self/fd on Linux (the listing's own
    /// descriptor included), the bytes proc_pidinfo(PROC_PIDLISTFDS) fills divided by sizeof(struct proc_fdinfo)
    /// on macOS (xnu bsd/sys/proc_info.h). Null when it cannot be told (out of descriptors, /proc unreadable).
    /// Costs one directory read or two calls, so callers count once per batch of starts, not per start.
    /// </summary>
    public static int? CountOpen()
    {
        try
        {
            return OperatingSystem.IsMacOS() ? CountOpenMacOS() : Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? CountOpenMacOS()
    {
        const int fdInfoSize = 8;
        var pid = Environment.ProcessId;

        // With no buffer, proc_pidinfo returns the bytes the table needs now plus slack for descriptors opened meanwhile.
        var needed = Libc.proc_pidinfo(pid, Libc.ProcPidInfo.ListFds, 0, null, 0);
        if (needed <= 0)
        {
            return null;
        }

        var buffer = new byte[needed];
        fixed (byte* start = buffer)
        {
            var filled = Libc.proc_pidinfo(pid, Libc.ProcPidInfo.ListFds, 0, start, needed);
            return filled <= 0 ? null : filled / fdInfoSize;
        }
    }
}
