using System.Buffers;
using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Logging;

// The pumps: read a script's pipe and post what each read completes as one batch.
internal sealed partial class ScriptLogWriter
{
    // Pumps may have this many batches (each at most one read block of lines) in flight; then they stop
    // reading, and so the script blocks on its own writes: backpressure instead of loss. A writer that
    // falls behind makes the next reads, and so the batches, bigger. Supervisor events bypass the bound
    // (rare, must not block).
    private const int PumpCapacity = 4;
    private const int ReadBlockSize = 64 * 1024;
    private const int SmallReadBlockSize = 2 * 1024;

    /// <summary>
    /// Reads a script's stdout or stderr pipe until EOF and logs each line; takes ownership of
    /// <paramref name="pipeReadEnd"/> and closes it. Cancelling keeps what was captured (an unfinished
    /// line is written) and throws <see cref="OperationCanceledException"/>; disposal of the writer ends it quietly.
    /// </summary>
    public async Task PumpAsync(SafeFileHandle pipeReadEnd, LogStream stream, CancellationToken cancellationToken)
    {
        // A PipeStream reads through the runtime's socket engine (epoll/kqueue), so a pump waiting on a
        // quiet script holds no thread; a FileStream over a pipe would block a pool thread per read.
        var pipeHandle = new SafePipeHandle(pipeReadEnd.DangerousGetHandle(), ownsHandle: true);
        pipeReadEnd.SetHandleAsInvalid();
        using var pipe = new AnonymousPipeClientStream(PipeDirection.In, pipeHandle);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var splitter = new LogLineSplitter(_options.MaxLineLength);
        try
        {
            // A quiet script's pumps wait on a small block of their own; only a read that fills it
            // (a chatty script) moves on to a large pooled block, handed back once the pipe runs dry.
            // (Zero-byte reads would be better still, but .NET completes them at once on pipes.)
            byte[] small = new byte[SmallReadBlockSize];
            byte[]? large = null;
            try
            {
                while (true)
                {
                    var block = large ?? small;
                    int read = await pipe.ReadAsync(block, linked.Token);
                    if (read == 0) break;
                    await PostLinesAsync(splitter, block.AsMemory(0, read), stream, linked.Token);

                    if (read == block.Length)
                    {
                        large ??= ArrayPool<byte>.Shared.Rent(ReadBlockSize);
                    }
                    else if (large is not null)
                    {
                        ArrayPool<byte>.Shared.Return(large);
                        large = null;
                    }
                }
            }
            finally
            {
                if (large is not null) ArrayPool<byte>.Shared.Return(large);
            }
            if (splitter.HasPartialLine) await PostAsync(TakePartialLine(splitter, stream), linked.Token);

            // The script closed its output (it is exiting): write what is buffered now rather than
            // within 200 ms, so its last lines are on disk when its exit is reported.
            _channel.Writer.TryWrite(LineBatch.Flush(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (splitter.HasPartialLine) PostUnbounded(TakePartialLine(splitter, stream));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Posts the lines one read completed: one batch, or more when a batch fills up.</summary>
    private async Task PostLinesAsync(LogLineSplitter splitter, ReadOnlyMemory<byte> data, LogStream stream, CancellationToken cancellationToken)
    {
        // One clock reading per read: every line the read completes was complete at this instant.
        var time = _time.GetUtcNow();
        bool cancelled = false;
        while (true)
        {
            // Lines only ever shrink (the newline goes), so a read's lines fit in its length plus the
            // unfinished line carried in; a line cut at the limit fits in MaxLineLength.
            int bytes = Math.Min(data.Length + splitter.PartialLength, Math.Max(ReadBlockSize, splitter.MaxLineLength));
            var batch = LineBatch.Rent(time, stream, bytes, data.Span.Count((byte)'\n'));
            data = data[splitter.Split(data.Span, batch)..];
            if (batch.Count == 0)
            {
                batch.Return();
                break;
            }

            if (cancelled)
            {
                // Already read from the pipe: keep the rest of the read too, past the bound, rather than drop it.
                PostUnbounded(batch);
            }
            else
            {
                try
                {
                    await PostAsync(batch, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                }
            }
            if (data.IsEmpty) break;
        }
        if (cancelled) cancellationToken.ThrowIfCancellationRequested();
    }

    private LineBatch TakePartialLine(LogLineSplitter splitter, LogStream stream)
    {
        var batch = LineBatch.Rent(_time.GetUtcNow(), stream, splitter.PartialLength, lineCapacity: 1);
        splitter.TakeLine(batch);
        return batch;
    }

    private async Task PostAsync(LineBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await _pumpSlots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Already captured: keep it, past the bound, rather than drop it.
            PostUnbounded(batch);
            throw;
        }
        batch.HoldsPumpSlot = true;
        if (_channel.Writer.TryWrite(batch)) return;
        _pumpSlots.Release();
        batch.Return();
    }

    private void PostUnbounded(LineBatch batch)
    {
        if (!_channel.Writer.TryWrite(batch)) batch.Return();
    }
}
