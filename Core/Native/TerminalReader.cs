using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Reads what a script writes to its pseudo-terminal, from the master. A pty is no pipe, so the runtime's
/// epoll/kqueue streams refuse it: each read blocks a pool thread (tty scripts are few). When the last
/// replica closes, Linux answers EIO where a pipe gives end of file: that is end of file here too.
/// Owns the master; a read still blocked when the reader is abandoned ends with the last replica.
/// </summary>
internal sealed class TerminalReader(SafeFileHandle master) : Stream
{
    private const int BlockSize = 64 * 1024;

    // A read that outlives a cancelled caller goes on filling this, never the caller's (pooled) buffer.
    private readonly byte[] _block = new byte[BlockSize];
    private Task<int>? _pending;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = Math.Min(buffer.Length, _block.Length);
        _pending ??= Task.Run(() => ReadCore(_block.AsSpan(0, want)), CancellationToken.None);
        var read = await _pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        _pending = null;
        _block.AsSpan(0, read).CopyTo(buffer.Span);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadCore(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            master.Dispose();
        }

        base.Dispose(disposing);
    }

    private unsafe int ReadCore(Span<byte> destination)
    {
        var added = false;
        try
        {
            master.DangerousAddRef(ref added);
            var fd = (int)master.DangerousGetHandle();
            fixed (byte* start = destination)
            {
                while (true)
                {
                    var read = Libc.read(fd, start, (nuint)destination.Length);
                    if (read >= 0)
                    {
                        return (int)read;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EIO)
                    {
                        return 0;
                    }

                    if (errno != Errno.EINTR)
                    {
                        throw new IOException($"reading the pseudo-terminal: {Marshal.GetPInvokeErrorMessage(errno)}");
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                master.DangerousRelease();
            }
        }
    }
}
