using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Sizes a pipe's kernel buffer (Linux F_SETPIPE_SZ, fcntl(2) "Changing the capacity of a pipe"; macOS has no
/// such call and sizes pipes itself, up to 64 KiB). A pump that keeps finding the default 64 KiB full asks for
/// a larger one, so a chatty script blocks less often and each read carries more lines; it gives the room back
/// when the script goes quiet, because the kernel counts every pipe's capacity against the user's
/// pipe-user-pages-soft budget (64 MiB by default), and past it every new pipe of that user gets two pages.
/// </summary>
internal static class PipeCapacity
{
    /// <summary>Linux's default capacity (16 pages), and what a pipe is given back.</summary>
    public const int DefaultBytes = 64 * 1024;

    /// <summary>The largest an unprivileged user may ask for by default (/proc/sys/fs/pipe-max-size).</summary>
    public const int LargeBytes = 1024 * 1024;

    // linux/fcntl.h: F_LINUX_SPECIFIC_BASE (1024) + 7 and + 8.
    private const int F_SETPIPE_SZ = 1031;
    private const int F_GETPIPE_SZ = 1032;

    /// <summary>The pipe's capacity in bytes (Linux), or null where it cannot be asked (macOS, not a pipe).</summary>
    public static int? Get(SafeHandle pipe)
    {
        if (!OperatingSystem.IsLinux()) return null;
        int result = Libc.fcntl_int(pipe, F_GETPIPE_SZ, 0);
        return result >= 0 ? result : null;
    }

    /// <summary>
    /// Asks for a capacity of <paramref name="bytes"/> (rounded up by the kernel to a power-of-two of pages).
    /// Never throws: what the kernel answered is the outcome, classified by <see cref="ErrnoMeaning.OfSetPipeSize"/>.
    /// </summary>
    /// <param name="pipe">Either end of the pipe.</param>
    public static PipeResize TrySet(SafeHandle pipe, int bytes)
    {
        if (!OperatingSystem.IsLinux()) return PipeResize.Unsupported;
        int result;
        int errno;
        do
        {
            result = Libc.fcntl_int(pipe, F_SETPIPE_SZ, bytes);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && errno == Errno.EINTR);
        return result >= 0 ? PipeResize.Done : ErrnoMeaning.OfSetPipeSize(errno, ErrnoTable.Host);
    }
}

/// <summary>What became of a request to resize a pipe's buffer (<see cref="PipeCapacity.TrySet"/>).</summary>
internal enum PipeResize
{
    /// <summary>The pipe has the new capacity.</summary>
    Done,

    /// <summary>Over the user's pipe budget or pipe-max-size (EPERM): keep the current size, try again later.</summary>
    OverLimit,

    /// <summary>More bytes are queued than the smaller size would hold (EBUSY): try again once drained.</summary>
    Busy,

    /// <summary>Not a pipe, or an OS without the call (EINVAL, EBADF, macOS): never ask again for this one.</summary>
    Unsupported,
}
