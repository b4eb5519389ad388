using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static unsafe partial class Libc
{
    /// <summary>close(2): https://man7.org/linux/man-pages/man2/close.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int close(int fd);

    /// <summary>pipe(2): https://man7.org/linux/man-pages/man2/pipe.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int pipe(int* fds);

    /// <summary>
    /// ioctl(2): https://man7.org/linux/man-pages/man2/ioctl.2.html. Declared without the variadic
    /// argument, so only requests that take none (FIOCLEX) may use it: on Apple arm64 variadic
    /// arguments travel on the stack and a fixed-argument import would pass garbage.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int ioctl(int fd, nuint request);

    /// <summary>read(2): https://man7.org/linux/man-pages/man2/read.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint read(int fd, void* buffer, nuint count);

    /// <summary>write(2): https://man7.org/linux/man-pages/man2/write.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint write(int fd, void* buffer, nuint count);

    /// <summary>geteuid(2): https://man7.org/linux/man-pages/man2/geteuid.2.html</summary>
    [LibraryImport(Lib)]
    internal static partial uint geteuid();
}
