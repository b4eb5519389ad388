namespace TurtleHarbor.Core.Native;

/// <summary>
/// errno values th classifies. The low ones agree on Linux and macOS; EAGAIN and ENOSYS do not
/// (errno(3), macOS &lt;sys/errno.h&gt;). Compare against these, never against literals.
/// </summary>
internal static class Errno
{
    public static int EPERM => 1;
    public static int ENOENT => 2;
    public static int ESRCH => 3;
    public static int EINTR => 4;
    public static int EBADF => 9;
    public static int ECHILD => 10;
    public static int EAGAIN => OperatingSystem.IsMacOS() ? 35 : 11;
    public static int ENOMEM => 12;
    public static int EACCES => 13;
    public static int ENOTDIR => 20;
    public static int EISDIR => 21;
    public static int EINVAL => 22;
    public static int ENXIO => 6;
    public static int ENAMETOOLONG => OperatingSystem.IsMacOS() ? 63 : 36;
    public static int ELOOP => OperatingSystem.IsMacOS() ? 62 : 40;
    public static int ENOSYS => OperatingSystem.IsMacOS() ? 78 : 38;
}
