using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static unsafe partial class Libc
{
    /// <summary>waitpid(2): https://man7.org/linux/man-pages/man2/waitpid.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int waitpid(int pid, int* status, int options);

    /// <summary>poll(2): https://man7.org/linux/man-pages/man2/poll.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint nfds, int timeout);

    /// <summary>struct pollfd, identical on Linux and macOS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
