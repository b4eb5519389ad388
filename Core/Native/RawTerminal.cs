using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Puts a terminal into raw mode (cfmakeraw: keys arrive one by one, unechoed, Ctrl-C as byte 3 rather
/// than SIGINT) until disposed, which puts back the attributes it found. Nothing else may touch the terminal
/// meanwhile: .NET's Console key reading and window size set up its own terminal handling, which puts its
/// own attributes back at times (signals from keys included), so callers use <see cref="Read"/> and
/// <see cref="WindowSize"/> instead.
/// </summary>
internal sealed unsafe class RawTerminal : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _original = new byte[Libc.TermiosBlockSize];
    private int _restored;

    private RawTerminal(int fd)
    {
        _fd = fd;
    }

    /// <summary>Raw mode on <paramref name="fd"/> (stdin by default).</summary>
    /// <exception cref="NativeCallException">tcgetattr or tcsetattr failed (ENOTTY: not a terminal).</exception>
    public static RawTerminal Enter(int fd = 0)
    {
        var terminal = new RawTerminal(fd);
        var raw = new byte[Libc.TermiosBlockSize];
        fixed (byte* original = terminal._original)
        fixed (byte* rawBlock = raw)
        {
            if (Libc.tcgetattr(fd, original) != 0)
            {
                throw new NativeCallException("tcgetattr", Marshal.GetLastPInvokeError());
            }

            terminal._original.CopyTo(raw, 0);
            Libc.cfmakeraw(rawBlock);
            SetAttributes(fd, rawBlock);
        }

        return terminal;
    }

    /// <summary>Reads what is typed, blocking until at least one byte; 0 at end of input.</summary>
    /// <exception cref="NativeCallException">read failed other than by EINTR.</exception>
    public int Read(byte[] buffer)
    {
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var count = Libc.read(_fd, bytes, (nuint)buffer.Length);
                if (count >= 0)
                {
                    return (int)count;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new NativeCallException("read", errno);
                }
            }
        }
    }

    /// <summary>
    /// The window of the terminal on <paramref name="fd"/> (stdout by default), read afresh on every call
    /// (ioctl TIOCGWINSZ), so a resize shows at the next look; null when it is not a terminal or reports no size.
    /// </summary>
    public static TerminalSize? WindowSize(int fd = 1)
    {
        var window = default(Libc.WinSize);
        var result = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64
            ? Libc.ioctl_pointer_stack(fd, NativeFlags.TIOCGWINSZ, 0, 0, 0, 0, 0, 0, &window)
            : Libc.ioctl_pointer(fd, NativeFlags.TIOCGWINSZ, &window);
        return result == 0 && window.Columns > 0 && window.Rows > 0 ? new TerminalSize(window.Columns, window.Rows) : null;
    }

    /// <summary>Puts the original attributes back (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0)
        {
            return;
        }

        fixed (byte* original = _original)
        {
            // Best effort: a terminal that went away (SIGHUP) cannot be restored and needs no restoring.
            Libc.tcsetattr(_fd, Libc.TCSANOW, original);
        }
    }

    private static void SetAttributes(int fd, byte* termios)
    {
        while (Libc.tcsetattr(fd, Libc.TCSANOW, termios) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw new NativeCallException("tcsetattr", errno);
            }
        }
    }
}
