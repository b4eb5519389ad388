using System.Buffers;

namespace TurtleHarbor.Logging;

// The writer loop: the only code that touches the file. Errors never leave it; they are counted as lost
// lines and reported once, and the next line tries again.
internal sealed partial class ScriptLogWriter
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private const int BufferSize = 256 * 1024;
    private const int SmallBufferSize = 1024;

    // Both are rented while the writer has work and handed back when it goes idle, so a quiet
    // script's writer holds no buffer: with hundreds of scripts that is most of the daemon's memory.
    // Lines are formatted straight into _buffer; _scratch only serves lines too long for it.
    private byte[]? _buffer;
    private byte[]? _scratch;
    private Stream? _file;
    private long _fileLength;
    private int _buffered;
    private int _bufferedLines;
    private long _lostLines;
    private string? _lostReason;
    private int _activePumps;

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        Task<bool>? dataReady = null;
        Task? flushDue = null;
        while (true)
        {
            while (reader.TryRead(out var line)) Process(line);

            // Idle with nothing buffered: wait for data only, so an idle writer has no timer and no buffers,
            // and once no run is feeding it (stopped, exited, waiting for cron) no descriptor either.
            if (_buffered == 0)
            {
                flushDue = null;
                ReleaseBuffers();
                if (Volatile.Read(ref _activePumps) == 0) CloseFile();
                dataReady ??= reader.WaitToReadAsync().AsTask();
                bool more = await dataReady;
                dataReady = null;
                if (!more) break;
                continue;
            }

            flushDue ??= Task.Delay(FlushInterval, _time);
            dataReady ??= reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(dataReady, flushDue);
            if (flushDue.IsCompleted)
            {
                FlushBuffer();
                flushDue = null;
            }
            if (dataReady.IsCompleted)
            {
                bool more = await dataReady;
                dataReady = null;
                if (!more) break;
            }
        }
        FlushBuffer();
        CloseFile();
        ReleaseBuffers();
    }

    private void ReleaseBuffers()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    private void Process(LineBatch batch)
    {
        if (batch.FlushDone is { } flushDone)
        {
            FlushBuffer();
            flushDone.TrySetResult();
            return;
        }

        try
        {
            // One timestamp for the batch: its lines were all complete when it was posted.
            var timestamp = _timestamp.Format(batch.Time);
            var bytes = batch.Bytes;
            bool clean = batch.AllClean;
            int offset = 0;
            foreach (var line in batch.Lines)
            {
                AppendLine(timestamp, batch.Time, batch.Stream, bytes.Slice(offset, line.Length), line.DroppedBytes, clean);
                offset += line.Length;
            }
        }
        finally
        {
            batch.Return();
            if (batch.HoldsPumpSlot) ReleasePumpSlot();
        }
    }

    /// <summary>Formats a line straight into the write buffer, shows it to the listeners there, and keeps it.</summary>
    private void AppendLine(ReadOnlySpan<byte> timestamp, DateTimeOffset time, LogStream stream, ReadOnlySpan<byte> content, long droppedBytes, bool clean)
    {
        int needed = LogLineFormatter.MaxFormattedLength(content.Length);
        if (needed > BufferSize)
        {
            AppendLongLine(timestamp, time, stream, content, droppedBytes);
            return;
        }

        // While the file is closed nothing is buffered, so the line lands at the front of the buffer.
        if (needed > BufferSize - _buffered) FlushBuffer();
        EnsureBufferRoom(needed);
        int start = _buffered;
        int length = LogLineFormatter.Format(_buffer.AsSpan(start), timestamp, stream, content, droppedBytes, out int textStart, clean);
        NotifyListeners(_buffer.AsSpan(start, length), time, stream, textStart);

        if (!EnsureOpen())
        {
            _lostLines++;
            return;
        }
        if (_fileLength + _buffered > 0 && _fileLength + _buffered + length > _options.MaxFileSize)
        {
            // The file may have been moved or truncated since: rotate what is at the path, not a memory of it.
            FollowPath();
            if (_buffered == 0 && start > 0) _buffer.AsSpan(start, length).CopyTo(_buffer);
            if (!EnsureOpen())
            {
                _lostLines++;
                return;
            }
        }

        long size = _fileLength + _buffered;
        if (size > 0 && size + length > _options.MaxFileSize)
        {
            // Never split a line across files: the lines before it go to the old file (the flush writes
            // only those), and it moves to the front of the emptied buffer for the fresh one.
            start = _buffered == 0 ? 0 : start;
            RotateFile();
            _buffer.AsSpan(start, length).CopyTo(_buffer);
            if (!EnsureOpen())
            {
                _lostLines++;
                return;
            }
        }
        _buffered += length;
        _bufferedLines++;
    }

    /// <summary>A line that could outgrow the buffer (a large max_line_length) is formatted on its own.</summary>
    private void AppendLongLine(ReadOnlySpan<byte> timestamp, DateTimeOffset time, LogStream stream, ReadOnlySpan<byte> content, long droppedBytes)
    {
        int needed = LogLineFormatter.MaxFormattedLength(content.Length);
        if (_scratch is null || _scratch.Length < needed)
        {
            if (_scratch is not null) ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = ArrayPool<byte>.Shared.Rent(needed);
        }
        int length = LogLineFormatter.Format(_scratch, timestamp, stream, content, droppedBytes, out int textStart);
        NotifyListeners(_scratch.AsSpan(0, length), time, stream, textStart);
        WriteLine(_scratch.AsSpan(0, length));
    }

    /// <summary>The per-line hook for everything that watches a script's lines; free while nobody does.</summary>
    private void NotifyListeners(ReadOnlySpan<byte> formatted, DateTimeOffset time, LogStream stream, int textStart)
    {
        var entryListeners = _entryListeners;
        var listeners = _listeners;
        if (entryListeners.IsEmpty && listeners.IsEmpty) return;
        var text = formatted[textStart..^1];
        foreach (var listener in entryListeners)
        {
            try
            {
                listener.OnEntry(time, stream, text);
            }
            catch (Exception)
            {
                // Same rule as for followers below: a broken consumer must not stop the log.
            }
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener.OnLine(formatted);
            }
            catch (Exception)
            {
                // A broken follower must not stop the log; it is the follower's job to notice and leave.
            }
        }
    }
}
