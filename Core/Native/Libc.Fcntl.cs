using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// fcntl.h and sys/stat.h: opening files and asking what they are. open(2) is variadic (its mode
// follows only with O_CREAT): on Apple arm64 variadic arguments travel on the stack, so the mode is
// passed there by a second import padded to fill the eight argument registers first.
internal static unsafe partial class Libc
{
    /// <summary>open(2) without O_CREAT, so no mode is read: https://man7.org/linux/man-pages/man2/open.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int open(byte* path, int flags);

    /// <summary>open(2) with a mode, where variadic arguments share the registers with fixed ones (Linux, macOS x64).</summary>
    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true)]
    internal static partial int open_mode(byte* path, int flags, uint mode);

    /// <summary>
    /// open(2) with a mode on Apple arm64: arguments 3 to 8 fill x2..x7, so the ninth, the mode, lands in the
    /// first stack slot, where the callee's va_arg reads it (Apple's "Writing ARM64 code for Apple platforms").
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true)]
    internal static partial int open_mode_stack(byte* path, int flags, nint pad2, nint pad3, nint pad4, nint pad5, nint pad6, nint pad7, nint mode);

    /// <summary>ftruncate(2): https://man7.org/linux/man-pages/man2/ftruncate.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int ftruncate(SafeHandle fd, long length);
}
