using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static partial class Libc
{
    /// <summary>getpeereid(3), BSD/macOS only: https://man.freebsd.org/cgi/man.cgi?query=getpeereid&amp;sektion=3</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getpeereid(SafeSocketHandle socket, out uint euid, out uint egid);

    /// <summary>geteuid(2): https://man7.org/linux/man-pages/man2/geteuid.2.html (never fails)</summary>
    [LibraryImport(Lib)]
    internal static partial uint geteuid();
}
