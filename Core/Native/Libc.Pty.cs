using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// stdlib.h's pseudo-terminal calls and ioctl(2) with a pointer argument (TIOCSWINSZ).
internal static unsafe partial class Libc
{
    /// <summary>posix_openpt(3): https://man7.org/linux/man-pages/man3/posix_openpt.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int posix_openpt(int flags);

    /// <summary>grantpt(3): https://man7.org/linux/man-pages/man3/grantpt.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int grantpt(int fd);

    /// <summary>unlockpt(3): https://man7.org/linux/man-pages/man3/unlockpt.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int unlockpt(int fd);

    /// <summary>
    /// ptsname(3): https://man7.org/linux/man-pages/man3/ptsname.3.html. Returns a static buffer: only
    /// the daemon's core loop spawns, one at a time, so no other call overwrites it in between.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint ptsname(int fd);

    /// <summary>ioctl(2) with a pointer argument, where variadic arguments share the registers with fixed ones (Linux, macOS x64).</summary>
    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl_pointer(int fd, nuint request, void* argument);

    /// <summary>ioctl(2) with a pointer on Apple arm64: the argument goes in the first stack slot (see open_mode_stack).</summary>
    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl_pointer_stack(int fd, nuint request, nint pad2, nint pad3, nint pad4, nint pad5, nint pad6, nint pad7, void* argument);

    /// <summary>struct winsize from sys/ioctl.h (Linux) and sys/ttycom.h (macOS): four unsigned shorts.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }
}
