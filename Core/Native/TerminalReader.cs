using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Reads what a script writes to its pseudo-terminal, from the master. A pty is no pipe, so the runtime's
/// epoll/kqueue streams refuse it: reads block, on a thread of this reader's own (started at the first read,
/// ended at end of file) so that a quiet tty script never holds a pool thread. When the last replica closes,
/// Linux answers EIO where a pipe gives end of file: that is end of file here too. Owns the master; one
/// read at a time, as a pump does.
/// </summary>
internal sealed class TerminalReader(SafeFileHandle master) : Stream
{
    private const int BlockSize = 64 * 1024;

    // The thread reads into this, never into the caller's (pooled) buffer, which a cancelled caller may hand back.
    private readonly byte[] _block = new byte[BlockSize];
    private readonly SemaphoreSlim _requested = new(0, 1);
    private TaskCompletionSource<int>? _pending;
    private Thread? _thread;
    private int _want;
    private volatile bool _ended;

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
        if (_pending is null)
        {
            if (_ended)
            {
                return 0;
            }

            _want = Math.Min(buffer.Length, _block.Length);
            _pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_thread is null)
            {
                _thread = new Thread(ReadLoop) { IsBackground = true, Name = "th pty reader" };
                _thread.Start();
            }

            _requested.Release();
        }

        var read = await _pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _pending = null;
        _block.AsSpan(0, read).CopyTo(buffer.Span);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

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
            _ended = true;
            if (_thread is not null && _requested.CurrentCount == 0 && _pending is null)
            {
                _requested.Release(); // wakes a thread waiting for the next request, which then ends
            }

            master.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ReadLoop()
    {
        while (true)
        {
            _requested.Wait();
            var pending = _pending;
            if (pending is null || _ended)
            {
                pending?.TrySetResult(0);
                return;
            }

            try
            {
                var read = ReadCore(_block.AsSpan(0, _want));
                if (read == 0)
                {
                    _ended = true;
                }

                pending.TrySetResult(read);
                if (read == 0)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                _ended = true;
                pending.TrySetException(e);
                return;
            }
        }
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
