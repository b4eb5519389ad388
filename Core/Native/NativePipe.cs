using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>Creates close-on-exec pipes, so no other child inherits an end it must not hold.</summary>
internal static unsafe class NativePipe
{
    public static (SafeFileHandle Read, SafeFileHandle Write) Create() =>
        OperatingSystem.IsLinux() ? CreateWithPipe2(0) : CreateWithIoctl();

    /// <summary>A pipe whose both ends are also O_NONBLOCK. Linux only (the pidfd watcher's wake-up pipe).</summary>
    public static (SafeFileHandle Read, SafeFileHandle Write) CreateNonBlocking() =>
        OperatingSystem.IsLinux() ? CreateWithPipe2(NativeFlags.O_NONBLOCK) : throw new PlatformNotSupportedException();

    private static (SafeFileHandle Read, SafeFileHandle Write) CreateWithPipe2(int extraFlags)
    {
        var fds = stackalloc int[2];
        if (Libc.pipe2(fds, NativeFlags.O_CLOEXEC | extraFlags) != 0)
        {
            throw new NativeCallException("pipe2", Marshal.GetLastPInvokeError());
        }

        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>The macOS way (no pipe2): pipe, then FIOCLEX on each end. Internal so Linux tests cover it.</summary>
    internal static (SafeFileHandle Read, SafeFileHandle Write) CreateWithIoctl()
    {
        var fds = stackalloc int[2];
        if (Libc.pipe(fds) != 0)
        {
            throw new NativeCallException("pipe", Marshal.GetLastPInvokeError());
        }

        var read = new SafeFileHandle(fds[0], ownsHandle: true);
        var write = new SafeFileHandle(fds[1], ownsHandle: true);
        try
        {
            SetCloseOnExec(fds[0]);
            SetCloseOnExec(fds[1]);
            return (read, write);
        }
        catch
        {
            read.Dispose();
            write.Dispose();
            throw;
        }
    }

    // fcntl(F_SETFD) is variadic, which a fixed-argument import gets wrong on Apple arm64;
    // ioctl(FIOCLEX) takes no third argument at all.
    private static void SetCloseOnExec(int fd)
    {
        if (Libc.ioctl(fd, NativeFlags.FIOCLEX) != 0)
        {
            throw new NativeCallException("ioctl(FIOCLEX)", Marshal.GetLastPInvokeError());
        }
    }
}
