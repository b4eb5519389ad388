namespace TurtleHarbor.Core.Native;

/// <summary>
/// The errno values of the host OS (<see cref="ErrnoTable.Host"/>). Compare against these, never against
/// literals; code whose meaning differs per OS goes through <see cref="ErrnoMeaning"/> with a table.
/// </summary>
internal static class Errno
{
    public static int EPERM => ErrnoTable.Host.EPERM;

    public static int ENOENT => ErrnoTable.Host.ENOENT;

    public static int ESRCH => ErrnoTable.Host.ESRCH;

    public static int EINTR => ErrnoTable.Host.EINTR;

    public static int EBADF => ErrnoTable.Host.EBADF;

    public static int ECHILD => ErrnoTable.Host.ECHILD;

    public static int EAGAIN => ErrnoTable.Host.EAGAIN;

    public static int ENOMEM => ErrnoTable.Host.ENOMEM;

    public static int EACCES => ErrnoTable.Host.EACCES;

    public static int ENOTDIR => ErrnoTable.Host.ENOTDIR;

    public static int EINVAL => ErrnoTable.Host.EINVAL;

    public static int EPIPE => ErrnoTable.Host.EPIPE;

    public static int ENOSYS => ErrnoTable.Host.ENOSYS;

    public static int EIO => ErrnoTable.Host.EIO;

    public static int ELOOP => ErrnoTable.Host.ELOOP;

    public static int EISDIR => ErrnoTable.Host.EISDIR;

    public static int ENXIO => ErrnoTable.Host.ENXIO;

    public static int ENAMETOOLONG => ErrnoTable.Host.ENAMETOOLONG;

    public static int ECONNREFUSED => ErrnoTable.Host.ECONNREFUSED;

    /// <summary>strerror(3) of an errno, e.g. "No space left on device".</summary>
    public static string Describe(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
}
