using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static unsafe partial class Libc
{
    /// <summary>
    /// open(2): https://man7.org/linux/man-pages/man2/open.2.html. Declared without the variadic mode
    /// argument, so only calls without O_CREAT (which need no mode) may use it; see <see cref="ioctl"/>.
    /// The fd is owned by the caller's SafeFileHandle.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true)]
    internal static partial int open(byte* path, int flags);

    /// <summary>
    /// statx(2), Linux only (glibc 2.28+): https://man7.org/linux/man-pages/man2/statx.2.html. Used
    /// instead of fstat because its struct has one layout on every Linux architecture.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int statx(int dirfd, byte* path, int flags, uint mask, void* buffer);

    /// <summary>
    /// fstat(2) on macOS arm64, whose struct stat is the 64-bit-inode one: st_dev (int32), then
    /// st_mode (uint16) at offset 4 (&lt;sys/stat.h&gt;).
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "fstat", SetLastError = true)]
    internal static partial int fstat_macos(int fd, void* buffer);

    /// <summary>The same on macOS x64, where the 64-bit-inode struct needs the $INODE64 symbol.</summary>
    [LibraryImport(Lib, EntryPoint = "fstat$INODE64", SetLastError = true)]
    internal static partial int fstat_macos_x64(int fd, void* buffer);
}
