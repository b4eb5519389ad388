using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// Every entry point that only macOS's libSystem has (callers check OperatingSystem.IsMacOS() first).
// MacOnlyImportsTests checks this file's imports against names verified in Apple's headers; a new
// macOS-only import goes here and into that test's list together.
internal static unsafe partial class Libc
{
    /// <summary>
    /// getpeereid(3), &lt;unistd.h&gt; (Libc): https://man.freebsd.org/cgi/man.cgi?query=getpeereid&amp;sektion=3
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getpeereid(int socket, uint* euid, uint* egid);

    /// <summary>
    /// sysctl(3), &lt;sys/sysctl.h&gt; (xnu bsd/sys/sysctl.h: int sysctl(int *, u_int, void *, size_t *,
    /// void *, size_t); fixed arguments, so the import is safe on Apple arm64). Returns 0 or -1 with errno.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int sysctl(int* name, uint nameLength, void* oldValue, nuint* oldLength, void* newValue, nuint newLength);

    /// <summary>
    /// proc_listpids, &lt;libproc.h&gt;: fills <paramref name="buffer"/>
    /// with the pids of the given kind and returns the number of bytes written, or -1 (errno set).
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int proc_listpids(uint type, uint typeinfo, void* buffer, int bufferSize);

    /// <summary>
    /// proc_name, &lt;libproc.h&gt; (xnu libsyscall/wrappers/libproc/libproc.h: int proc_name(int pid, void *buffer,
    /// uint32_t buffersize)): the process's short name (p_comm, at most MAXCOMLEN 16 bytes, or p_name) into
    /// <paramref name="buffer"/>; returns its length, 0 when the process is gone or not ours to inspect.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int proc_name(int pid, void* buffer, uint bufferSize);

    /// <summary>The proc_listpids types we use (sys/proc_info.h).</summary>
    internal static class ProcListPids
    {
        /// <summary>PROC_PGRP_ONLY: the members of process group typeinfo.</summary>
        public const uint PgrpOnly = 2;
    }

    /// <summary>
    /// proc_pidinfo, &lt;libproc.h&gt; (xnu libsyscall/wrappers/libproc/libproc.h: int proc_pidinfo(int pid,
    /// int flavor, uint64_t arg, void *buffer, int buffersize)): fills <paramref name="buffer"/> with the
    /// flavor's struct and returns the bytes written, or 0 / -1 with errno set (EPERM: another user's process).
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int proc_pidinfo(int pid, int flavor, ulong arg, void* buffer, int bufferSize);

    /// <summary>The proc_pidinfo flavors we use (xnu bsd/sys/proc_info.h).</summary>
    internal static class ProcPidInfo
    {
        /// <summary>PROC_PIDLISTFDS: one struct proc_fdinfo (int32_t fd, uint32_t type; 8 bytes) per open descriptor.</summary>
        public const int ListFds = 1;

        /// <summary>PROC_PIDTASKINFO: one struct proc_taskinfo.</summary>
        public const int TaskInfo = 4;
    }

    /// <summary>
    /// struct proc_taskinfo, xnu bsd/sys/proc_info.h: six uint64_t (virtual size, resident size in
    /// bytes, total user and system time, live threads' user and system time) then twelve int32_t;
    /// 96 bytes, no padding. Only the first four members are read.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ProcTaskInfo
    {
        public ulong VirtualSize;
        public ulong ResidentSize;
        public ulong TotalUser;
        public ulong TotalSystem;
        public ulong ThreadsUser;
        public ulong ThreadsSystem;
        public fixed int Counters[12];
    }

    /// <summary>
    /// mach_timebase_info, &lt;mach/mach_time.h&gt; (xnu osfmk/mach/mach_time.h: kern_return_t
    /// mach_timebase_info(mach_timebase_info_t info)): the ratio numer/denom that turns Mach absolute
    /// time units into nanoseconds. Returns KERN_SUCCESS (0) or a kern_return_t error.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int mach_timebase_info(MachTimebaseInfo* info);

    /// <summary>struct mach_timebase_info { uint32_t numer; uint32_t denom; } (osfmk/mach/mach_time.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MachTimebaseInfo
    {
        public uint Numer;
        public uint Denom;
    }

    /// <summary>
    /// The request CTL_KERN.KERN_PROC.KERN_PROC_PID.&lt;pid&gt; (xnu bsd/sys/sysctl.h: CTL_KERN 1,
    /// KERN_PROC 14, KERN_PROC_PID 1), answered with one struct kinfo_proc, and the fields th reads
    /// from it. kinfo_proc starts with struct extern_proc kp_proc (bsd/sys/proc.h), whose first member
    /// is the union p_un holding struct timeval p_starttime; the kernel fills it from p_start
    /// (bsd/kern/kern_sysctl.c fill_user64_externproc). LP64 layout, the same on arm64 and x86_64:
    /// tv_sec (time_t, 8 bytes) at 0, tv_usec (suseconds_t, int32) at 8, then p_vmspace at 16,
    /// p_sigacts at 24, p_flag (int) at 32, p_stat (char) at 36, p_pid (pid_t) at 40.
    /// </summary>
    internal static class KinfoProc
    {
        public const int CtlKern = 1;
        public const int KernProc = 14;
        public const int KernProcPid = 1;

        /// <summary>sizeof(struct kinfo_proc) is 648 on LP64; a larger buffer is fine (the kernel reports what it wrote).</summary>
        public const int BufferSize = 1024;

        public const int StartSecondsOffset = 0;
        public const int StartMicrosecondsOffset = 8;
        public const int PidOffset = 40;

        /// <summary>Bytes th needs: up to and including p_pid.</summary>
        public const int MinimumLength = PidOffset + sizeof(int);
    }

    /// <summary>stat(2) on macOS arm64, where the plain symbol already has 64-bit inodes.</summary>
    [LibraryImport(Lib, EntryPoint = "stat", SetLastError = true)]
    internal static partial int stat_darwin(byte* path, byte* buffer);

    /// <summary>fstat(2) on macOS arm64.</summary>
    [LibraryImport(Lib, EntryPoint = "fstat", SetLastError = true)]
    internal static partial int fstat_darwin(int fd, byte* buffer);

    /// <summary>stat(2) on macOS x64, whose 64-bit-inode variant carries the $INODE64 suffix (sys/stat.h).</summary>
    [LibraryImport(Lib, EntryPoint = "stat$INODE64", SetLastError = true)]
    internal static partial int stat_darwin_x64(byte* path, byte* buffer);

    /// <summary>fstat(2) on macOS x64.</summary>
    [LibraryImport(Lib, EntryPoint = "fstat$INODE64", SetLastError = true)]
    internal static partial int fstat_darwin_x64(int fd, byte* buffer);
}
