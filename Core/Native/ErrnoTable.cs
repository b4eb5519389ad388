namespace TurtleHarbor.Core.Native;

/// <summary>
/// The errno values th classifies, one table per OS. The low ones agree on Linux and macOS; the others
/// come from Linux asm-generic/errno.h and errno-base.h, and macOS &lt;sys/errno.h&gt; (xnu bsd/sys/errno.h).
/// Code that decides what an errno means takes a table, so the macOS rules run in tests on Linux.
/// </summary>
internal sealed class ErrnoTable
{
    /// <summary>Linux (x64 and arm64 share the generic values).</summary>
    public static ErrnoTable Linux { get; } = new()
    {
        IsMacOS = false,
        EAGAIN = 11,
        ENOSYS = 38,
        ECONNREFUSED = 111,
        EINPROGRESS = 115,
        ELOOP = 40,
        ENAMETOOLONG = 36,
    };

    /// <summary>macOS, from xnu bsd/sys/errno.h.</summary>
    public static ErrnoTable MacOS { get; } = new()
    {
        IsMacOS = true,
        EAGAIN = 35,
        ENOSYS = 78,
        ECONNREFUSED = 61,
        EINPROGRESS = 36,
        ELOOP = 62,
        ENAMETOOLONG = 63,
    };

    /// <summary>The table of the OS th runs on.</summary>
    public static ErrnoTable Host => OperatingSystem.IsMacOS() ? MacOS : Linux;

    /// <summary>Whether this is the macOS table: some rules differ beyond the numbers (see <see cref="ErrnoMeaning"/>).</summary>
    public required bool IsMacOS { get; init; }

    public int EPERM => 1;

    public int ENOENT => 2;

    public int ESRCH => 3;

    public int EINTR => 4;

    public int EIO => 5;

    public int ENXIO => 6;

    public int EBADF => 9;

    public int ECHILD => 10;

    public int ENOMEM => 12;

    public int EACCES => 13;

    /// <summary>Device or resource busy (16 on both).</summary>
    public int EBUSY => 16;

    public int ENOTDIR => 20;

    public int EISDIR => 21;

    public int EINVAL => 22;

    /// <summary>The system's table of open files is full (23 on both).</summary>
    public int ENFILE => 23;

    /// <summary>The process has RLIMIT_NOFILE descriptors open (24 on both).</summary>
    public int EMFILE => 24;

    /// <summary>A write to a pipe or socket nobody reads any more (32 on both).</summary>
    public int EPIPE => 32;

    /// <summary>Also EWOULDBLOCK on both.</summary>
    public required int EAGAIN { get; init; }

    public required int ENOSYS { get; init; }

    public required int ECONNREFUSED { get; init; }

    public required int EINPROGRESS { get; init; }

    /// <summary>What open(2) with O_NOFOLLOW answers for a symlink.</summary>
    public required int ELOOP { get; init; }

    public required int ENAMETOOLONG { get; init; }
}
