using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static unsafe partial class Libc
{
    /// <summary>
    /// getsockopt(2), both OSes (Linux: https://man7.org/linux/man-pages/man2/getsockopt.2.html; macOS: xnu
    /// bsd/sys/socket.h). Returns 0, or -1 with errno.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getsockopt(int socket, int level, int optionName, void* optionValue, uint* optionLength);
}
