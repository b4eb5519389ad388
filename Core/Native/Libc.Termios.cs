using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Terminal attributes. <c>struct termios</c> differs between glibc (60 bytes, 32-bit flags) and Darwin (72
/// bytes, 64-bit flags), so it is never mirrored: callers pass a zeroed block larger than either
/// (<see cref="TermiosBlockSize"/>) and change it only through <c>cfmakeraw</c>.
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>Bytes reserved for one struct termios on every supported OS.</summary>
    internal const int TermiosBlockSize = 256;

    /// <summary>tcsetattr's "apply now" action; 0 on Linux and macOS (termios.h).</summary>
    internal const int TCSANOW = 0;

    /// <summary>tcgetattr(3): https://man7.org/linux/man-pages/man3/tcgetattr.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int tcgetattr(int fd, void* termios);

    /// <summary>tcsetattr(3): https://man7.org/linux/man-pages/man3/tcsetattr.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int tcsetattr(int fd, int optionalActions, void* termios);

    /// <summary>cfmakeraw(3): no echo, no line editing, no signals from keys, no output processing; VMIN 1, VTIME 0.</summary>
    [LibraryImport(Lib)]
    internal static partial void cfmakeraw(void* termios);
}
