using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Logging;

/// <summary>
/// An append-only file that rotates itself (name -> name.1 ...) once a write would take it past its
/// size limit, so daemon.log keeps its fixed name (CONTRACTS.md §5) and never grows without bound.
/// Written by one ZLogger background writer at a time, which hands over whole entries.
/// </summary>
internal sealed class SizeRotatingFileStream(string path, long maxBytes, int maxFiles) : Stream
{
    private Stream _file = Open(path);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_file.Length > 0 && _file.Length + buffer.Length > maxBytes)
        {
            Rotate();
        }

        _file.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() => _file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Rotate()
    {
        _file.Dispose();
        LogRotation.Rotate(path, maxFiles);
        _file = Open(path);
    }

    // O_APPEND like every log file (no write lands at a stale offset), and never through a symbolic link.
    private static Stream Open(string path) => AppendOnlyFile.Open(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
