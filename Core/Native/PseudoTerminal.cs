using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// A pseudo-terminal pair for a <c>tty: true</c> script: th keeps the master (reads the script's output, and
/// holds the line open so the script's stdin never reaches end of file); the child gets the replica as
/// stdin, stdout and stderr. posix_openpt, grantpt, unlockpt and ptsname (POSIX, same on Linux and macOS);
/// both ends are close-on-exec, so no other child inherits them.
/// </summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private PseudoTerminal(SafeFileHandle master, SafeFileHandle replica)
    {
        Master = master;
        Replica = replica;
    }

    public SafeFileHandle Master { get; }

    /// <summary>The terminal side; the parent closes its copy once the child has it, or the master never sees EOF.</summary>
    public SafeFileHandle Replica { get; }

    /// <exception cref="NativeCallException">Any of the calls failed (e.g. no pseudo-terminals left).</exception>
    public static PseudoTerminal Open(TerminalSize size)
    {
        // macOS's posix_openpt takes only O_RDWR and O_NOCTTY; close-on-exec follows with FIOCLEX.
        var flags = NativeFlags.O_RDWR | NativeFlags.O_NOCTTY | (OperatingSystem.IsMacOS() ? 0 : NativeFlags.O_CLOEXEC);
        var fd = Libc.posix_openpt(flags);
        if (fd < 0)
        {
            throw new NativeCallException("posix_openpt", Marshal.GetLastPInvokeError());
        }

        var master = new SafeFileHandle(fd, ownsHandle: true);
        SafeFileHandle? replica = null;
        try
        {
            if (OperatingSystem.IsMacOS())
            {
                Check("ioctl(FIOCLEX)", Libc.ioctl(fd, NativeFlags.FIOCLEX));
            }

            Check("grantpt", Libc.grantpt(fd));
            Check("unlockpt", Libc.unlockpt(fd));
            var name = Libc.ptsname(fd);
            if (name == 0)
            {
                throw new NativeCallException("ptsname", Marshal.GetLastPInvokeError());
            }

            using var path = new Utf8StringArray([Marshal.PtrToStringUTF8(name)!]);
            var replicaFd = Libc.open(path[0], NativeFlags.O_RDWR | NativeFlags.O_NOCTTY | NativeFlags.O_CLOEXEC);
            if (replicaFd < 0)
            {
                throw new NativeCallException("open", Marshal.GetLastPInvokeError(), "the pseudo-terminal's replica");
            }

            replica = new SafeFileHandle(replicaFd, ownsHandle: true);
            SetWindowSize(fd, size);
            return new PseudoTerminal(master, replica);
        }
        catch
        {
            replica?.Dispose();
            master.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Master.Dispose();
        Replica.Dispose();
    }

    private static void SetWindowSize(int fd, TerminalSize size)
    {
        var window = new Libc.WinSize { Columns = size.Columns, Rows = size.Rows };
        var result = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64
            ? Libc.ioctl_pointer_stack(fd, NativeFlags.TIOCSWINSZ, 0, 0, 0, 0, 0, 0, &window)
            : Libc.ioctl_pointer(fd, NativeFlags.TIOCSWINSZ, &window);
        Check("ioctl(TIOCSWINSZ)", result);
    }

    private static void Check(string function, int result)
    {
        if (result != 0)
        {
            throw new NativeCallException(function, Marshal.GetLastPInvokeError());
        }
    }
}
