namespace TurtleHarbor.Core.Native;

/// <summary>
/// Flag and option values that differ (or might) between Linux and macOS. Linux values are the
/// generic ones shared by x64 and arm64; macOS values come from the SDK headers named beside them.
/// </summary>
internal static class NativeFlags
{
    // fcntl.h
    public static int O_RDONLY => 0;
    public static int O_WRONLY => 1;
    public static int O_NONBLOCK => OperatingSystem.IsMacOS() ? 0x4 : 0x800;
    public static int O_CLOEXEC => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;
    public static int O_RDWR => 2;
    public static int O_CREAT => OperatingSystem.IsMacOS() ? 0x200 : 0x40;
    public static int O_APPEND => OperatingSystem.IsMacOS() ? 0x8 : 0x400;
    public static int O_NOCTTY => OperatingSystem.IsMacOS() ? 0x20000 : 0x100;

    /// <summary>Linux's value differs by architecture (asm-generic/fcntl.h against arch/arm64's).</summary>
    public static int O_NOFOLLOW => OperatingSystem.IsMacOS()
        ? 0x100
        : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.Arm64 or System.Runtime.InteropServices.Architecture.Arm
            ? 0x8000
            : 0x20000;

    // sys/ioctl.h: FIOCLEX takes no argument, so ioctl needs no variadic call (unlike fcntl F_SETFD).
    public static nuint FIOCLEX => OperatingSystem.IsMacOS() ? (nuint)0x20006601 : (nuint)0x5451;

    /// <summary>Sets a terminal's struct winsize (asm-generic/ioctls.h; macOS sys/ttycom.h _IOW('t', 103, struct winsize)).</summary>
    public static nuint TIOCSWINSZ => OperatingSystem.IsMacOS() ? (nuint)0x80087467 : (nuint)0x5414;

    /// <summary>Reads a terminal's struct winsize (asm-generic/ioctls.h; macOS sys/ttycom.h _IOR('t', 104, struct winsize)).</summary>
    public static nuint TIOCGWINSZ => OperatingSystem.IsMacOS() ? (nuint)0x40087468 : (nuint)0x5413;

    // spawn.h (posix_spawnattr_setflags takes a short; every flag fits)
    public static int POSIX_SPAWN_SETPGROUP => 0x2;
    public static int POSIX_SPAWN_SETSIGDEF => 0x4;
    public static int POSIX_SPAWN_SETSIGMASK => 0x8;
    public static int POSIX_SPAWN_SETSID => OperatingSystem.IsMacOS() ? 0x400 : 0x80;

    /// <summary>Apple only: every fd not named in the file actions is closed in the child.</summary>
    public static int POSIX_SPAWN_CLOEXEC_DEFAULT => 0x4000;

    // sys/wait.h
    public static int WNOHANG => 1;

    // poll.h
    public static short POLLIN => 0x1;

    // sys/socket.h: SO_PEERCRED is Linux only (macOS uses getpeereid).
    public static int SOL_SOCKET => OperatingSystem.IsMacOS() ? 0xffff : 1;
    public static int SO_PEERCRED => 17;

    // xnu bsd/sys/un.h: the level of local-domain socket options, and the one that answers the peer's pid (macOS only).
    public const int SOL_LOCAL = 0;
    public const int LOCAL_PEERPID = 2;

    // signal.h
    public static nint SIG_DFL => 0;
    public static nint SIG_IGN => 1;
}
