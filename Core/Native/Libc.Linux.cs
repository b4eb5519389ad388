using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// Linux-only entry points; callers check OperatingSystem.IsLinux() first.
internal static unsafe partial class Libc
{
    /// <summary>
    /// pidfd_open(2), glibc 2.36+ wrapper (throws EntryPointNotFoundException on older glibc):
    /// https://man7.org/linux/man-pages/man2/pidfd_open.2.html
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int pidfd_open(int pid, uint flags);

    /// <summary>getsockopt(2): https://man7.org/linux/man-pages/man2/getsockopt.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getsockopt(int socket, int level, int optionName, void* optionValue, uint* optionLength);

    /// <summary>struct ucred from &lt;sys/socket.h&gt; (SO_PEERCRED).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct UCred
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }
}
