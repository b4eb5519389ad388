using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// Every entry point that only Linux (glibc) has; callers check OperatingSystem.IsLinux() first.
// Everything outside this file must exist in macOS libSystem too (MacOnlyImportsTests).
internal static unsafe partial class Libc
{
    /// <summary>pipe2(2), Linux only: https://man7.org/linux/man-pages/man2/pipe2.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int pipe2(int* fds, int flags);

    /// <summary>
    /// posix_spawn_file_actions_addclosefrom_np(3), glibc 2.34+ only:
    /// https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_addclosefrom_np.3.html
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    /// <summary>
    /// pidfd_open(2), glibc 2.36+ wrapper (throws EntryPointNotFoundException on older glibc):
    /// https://man7.org/linux/man-pages/man2/pidfd_open.2.html
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int pidfd_open(int pid, uint flags);

    /// <summary>
    /// madvise(2): https://man7.org/linux/man-pages/man2/madvise.2.html. Linux only here: MADV_DONTNEED on a
    /// private file mapping drops its pages, and the next touch maps them again from the page cache.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int madvise(nint address, nuint length, int advice);

    /// <summary>madvise(2) advice values (Linux asm-generic/mman-common.h).</summary>
    internal static class Madvise
    {
        public const int DontNeed = 4;
    }

    /// <summary>sysconf(3): https://man7.org/linux/man-pages/man3/sysconf.3.html; -1 when the name is unknown.</summary>
    [LibraryImport(Lib)]
    internal static partial long sysconf(int name);

    /// <summary>The sysconf names we ask for (glibc bits/confname.h).</summary>
    internal static class Sysconf
    {
        /// <summary>_SC_CLK_TCK: the clock ticks per second that /proc's times count (USER_HZ).</summary>
        public const int ClockTicks = 2;
    }

    /// <summary>struct ucred from &lt;sys/socket.h&gt; (SO_PEERCRED).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct UCred
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }

    /// <summary>
    /// statx(2), Linux 4.11+ and glibc 2.28+: https://man7.org/linux/man-pages/man2/statx.2.html. Its struct
    /// is the same on every architecture, unlike struct stat.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// fcntl(2) with an int argument, for the Linux-only pipe commands (F_GETPIPE_SZ, F_SETPIPE_SZ):
    /// https://man7.org/linux/man-pages/man2/fcntl.2.html. fcntl is variadic; on Linux x64 and arm64 a
    /// variadic int travels in the same register as a fixed one, so a fixed import is right here (and only here).
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl_int(SafeHandle fd, int command, int argument);

    /// <summary>epoll_create1(2), Linux only: https://man7.org/linux/man-pages/man2/epoll_create1.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    /// <summary>
    /// epoll_ctl(2), Linux only: https://man7.org/linux/man-pages/man2/epoll_ctl.2.html. The event is passed as
    /// bytes because struct epoll_event is packed (12 bytes) on x64 and naturally aligned (16) elsewhere.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_ctl(SafeHandle epoll, int operation, int fd, byte* eventBytes);

    /// <summary>epoll_wait(2), Linux only: https://man7.org/linux/man-pages/man2/epoll_wait.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_wait(SafeHandle epoll, byte* events, int maxEvents, int timeoutMilliseconds);
}
