using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// fd 1 as a write-only stream that reports every write(2) failure, EPIPE included, as an IOException whose
/// HResult is the errno (as the runtime's own IOExceptions on Unix). Console.OpenStandardOutput() cannot be used:
/// its stream drops EPIPE silently, so `th logs -f | head -1` would follow forever into a pipe nobody reads.
/// Not a FileStream: on a regular file that writes at its own offset (pwrite), which breaks `>>` and a shared
/// `2>&1`. The fd is not owned: it is never closed.
/// </summary>
internal sealed unsafe class StandardOutputStream : Stream
{
    private const int Fd = 1;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <exception cref="IOException">write(2) failed; HResult is the errno (EPIPE: the reader is gone).</exception>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var written = Libc.write(Fd, start + done, (nuint)(buffer.Length - done));
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                if (errno == Errno.EAGAIN)
                {
                    // A non-blocking stdout (shared with a parent that set O_NONBLOCK) that is full: wait for the reader.
                    Thread.Sleep(1);
                    continue;
                }

                throw new IOException(Errno.Describe(errno), errno);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // stdout writes block in the kernel either way; done inline so an error surfaces at the await.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
