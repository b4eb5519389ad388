using System.Buffers;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Logging;

// The pumps: read a script's pipe and post what the reads complete as batches of lines.
internal sealed partial class ScriptLogWriter
{
    // Pumps may have this many batches (each at most about one read block of lines) in flight; then they
    // stop reading, and so the script blocks on its own writes: backpressure instead of loss. A writer that
    // falls behind makes the next reads, and so the batches, bigger. Supervisor events bypass the bound
    // (rare, must not block).
    private const int PumpCapacity = 4;
    private const int ReadBlockSize = 256 * 1024;
    private const int SmallReadBlockSize = 2 * 1024;

    // A read shorter than this ends a flood: the large block goes back (a script that writes in bursts of
    // a few KiB must not keep 256 KiB while it waits), and the pump stops gathering.
    private const int QuietReadSize = 32 * 1024;

    // How long a pump lets a flooding script's output gather after a read emptied the pipe. Real time, not
    // the writer's TimeProvider: it only paces reads (lines are stamped when read), and a test's frozen clock
    // must not stall them.
    private static readonly TimeSpan FloodGatherWait = TimeSpan.FromMilliseconds(1);

    /// <summary>A line without its newline yet is written as it stands once it has waited this long.</summary>
    internal static readonly TimeSpan PartialLineWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Reads a script's stdout or stderr pipe until EOF and logs each line; takes ownership of
    /// <paramref name="pipeReadEnd"/> and closes it. Cancelling keeps what was captured (an unfinished
    /// line is written) and throws <see cref="OperationCanceledException"/>; disposal of the writer ends it quietly.
    /// </summary>
    public Task PumpAsync(SafeFileHandle pipeReadEnd, LogStream stream, CancellationToken cancellationToken)
    {
        if (_capture is { IsRunning: true }) return CaptureAsync(_capture, pipeReadEnd, stream, cancellationToken);

        // A PipeStream reads through the runtime's socket engine (epoll/kqueue), so a pump waiting on a
        // quiet script holds no thread; a FileStream over a pipe would block a pool thread per read.
        var pipeHandle = new SafePipeHandle(pipeReadEnd.DangerousGetHandle(), ownsHandle: true);
        pipeReadEnd.SetHandleAsInvalid();
        return PumpAsync(new AnonymousPipeClientStream(PipeDirection.In, pipeHandle), pipeHandle, stream, cancellationToken);
    }

    /// <summary>The same for any stream that ends with a zero-byte read (a pseudo-terminal's master); takes ownership of it.</summary>
    public Task PumpAsync(Stream source, LogStream stream, CancellationToken cancellationToken) =>
        PumpAsync(source, pipeHandle: null, stream, cancellationToken);

    /// <param name="pipeHandle">The pipe under <paramref name="source"/>, whose buffer grows while the script floods it; null for a terminal.</param>
    private async Task PumpAsync(Stream source, SafeHandle? pipeHandle, LogStream stream, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _activePumps);
        using var pipe = source;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var splitter = new LogLineSplitter(_options.MaxLineLength);
        // Lines read but not posted yet: reads that complete at once (the script is writing faster than
        // we read) add to it; it is posted before the pump waits on an empty pipe, or when full.
        LineBatch? batch = null;
        try
        {
            // A quiet script's pumps wait on a small block of their own; only a read that fills it
            // (a chatty script) moves on to a large pooled block, handed back once the pipe runs dry.
            // (Zero-byte reads would be better still, but .NET completes them at once on pipes.)
            byte[] small = new byte[SmallReadBlockSize];
            byte[]? large = null;
            var pipeBuffer = new PipeBuffer(pipeHandle);
            // When the unfinished line began (a prompt, a progress bar, printf without \n), and a timer towards
            // its 1 s: one timer at a time, re-armed only when it fires, so a chatty script's reads (which
            // mostly end inside a line) cost no timer each.
            long partialSince = 0;
            Task? partialDue = null;
            try
            {
                bool drainedMidFlood = false;
                while (true)
                {
                    if (drainedMidFlood)
                    {
                        // The read caught up with a flooding script: let its output gather for a moment rather
                        // than wake for every few KiB it writes (one wake per write(2) of the script otherwise,
                        // which was most of the daemon's CPU in a flood). The pipe holds 1 MiB meanwhile.
                        if (batch is not null)
                        {
                            Post(batch);
                            batch = null;
                        }
                        await Task.Delay(FloodGatherWait, linked.Token);
                    }
                    var block = large ?? small;
                    var reading = pipe.ReadAsync(block, linked.Token);
                    if (batch is not null && !reading.IsCompleted)
                    {
                        Post(batch);
                        batch = null;
                    }
                    int read;
                    if (!reading.IsCompleted && splitter.HasPartialLine)
                    {
                        var readTask = reading.AsTask();
                        while (!linked.IsCancellationRequested)
                        {
                            var wait = PartialLineWait - _time.GetElapsedTime(partialSince);
                            if (wait <= TimeSpan.Zero)
                            {
                                var partial = await NewBatchAsync(stream, splitter.PartialLength, 1, linked.Token);
                                splitter.TakePendingLine(partial);
                                Post(partial);
                                break;
                            }

                            if (partialDue is null || partialDue.IsCompleted) partialDue = Task.Delay(wait, _time, linked.Token);
                            if (await Task.WhenAny(readTask, partialDue) == readTask) break;
                        }
                        read = await readTask;
                    }
                    else
                    {
                        read = await reading;
                    }
                    if (read == 0) break;
                    bool wasPartial = splitter.HasPartialLine;
                    long lineEnds = splitter.LineEnds;
                    batch = await SplitAsync(splitter, block.AsMemory(0, read), stream, batch, linked.Token);
                    // A read that ended a line starts any unfinished one afresh, and so its wait.
                    if (splitter.HasPartialLine && (splitter.LineEnds != lineEnds || !wasPartial)) partialSince = _time.GetTimestamp();

                    // A chatty script moves to the large block (and, once it fills the default pipe, a larger
                    // pipe), and keeps it while reads stay large: dropping it after every read that happened to
                    // catch up with a flooding script would cost a 2 KiB read in between.
                    if (read == block.Length)
                    {
                        large ??= ArrayPool<byte>.Shared.Rent(ReadBlockSize);
                    }
                    else if (read < QuietReadSize && large is not null)
                    {
                        ArrayPool<byte>.Shared.Return(large);
                        large = null;
                    }
                    pipeBuffer.After(read);
                    drainedMidFlood = large is not null && read < block.Length;
                }
            }
            finally
            {
                if (large is not null) ArrayPool<byte>.Shared.Return(large);
            }
            if (splitter.HasPartialLine)
            {
                if (batch is not null && !batch.HasRoomFor(splitter.PartialLength))
                {
                    Post(batch);
                    batch = null;
                }
                batch ??= await NewBatchAsync(stream, splitter.PartialLength, 1, linked.Token);
                splitter.TakeLine(batch);
            }
            if (batch is not null) Post(batch);
            batch = null;

            // The script closed its output (it is exiting): write what is buffered now rather than
            // within 200 ms, so its last lines are on disk when its exit is reported.
            _channel.Writer.TryWrite(LineBatch.Flush(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Already captured: keep it, past the bound if need be, rather than drop it.
            if (batch is not null) Post(batch);
            batch = null;
            if (splitter.HasPartialLine)
            {
                var last = LineBatch.Rent(default, stream, splitter.PartialLength, 1);
                splitter.TakeLine(last);
                Post(last);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            // Whatever else went wrong, what was read is kept and its slot goes back.
            if (batch is not null) Post(batch);
            Interlocked.Decrement(ref _activePumps);
        }
    }

    /// <summary>Adds the lines one read completes to the open batch, posting batches that fill up; returns the open batch.</summary>
    private async ValueTask<LineBatch?> SplitAsync(LogLineSplitter splitter, ReadOnlyMemory<byte> data, LogStream stream, LineBatch? batch, CancellationToken cancellationToken)
    {
        int newlines = data.Span.Count((byte)'\n');
        bool clean = newlines > 0 && LogLineSplitter.IsClean(data.Span);
        while (true)
        {
            if (newlines == 0)
            {
                splitter.Carry(data.Span);
                return batch;
            }

            batch ??= await NewBatchAsync(stream, data.Length + splitter.PartialLength, newlines, cancellationToken);
            int used = splitter.Split(data.Span, batch, clean);
            if (used == data.Length) return batch;
            newlines -= data.Span[..used].Count((byte)'\n');
            data = data[used..];
            Post(batch);
            batch = null;
        }
    }

    /// <summary>
    /// A batch holding one of the bounded slots: waits while the writer is that far behind, which stops
    /// this pump reading. Once cancelled it does not wait: what was read is kept, past the bound.
    /// </summary>
    private async ValueTask<LineBatch> NewBatchAsync(LogStream stream, int bytes, int lines, CancellationToken cancellationToken)
    {
        bool holdsSlot = false;
        try
        {
            await _pumpSlots.WaitAsync(cancellationToken);
            holdsSlot = true;
        }
        catch (OperationCanceledException)
        {
            // The next read throws it again, and the pump's cancellation path posts this batch.
        }
        return NewCaptureBatch(stream, bytes, lines, holdsSlot);
    }

    // Lines only ever shrink (the newline goes), so a read's lines fit in its length plus the
    // unfinished line carried in; one line cut at the limit fits in MaxLineLength.
    private int BatchByteLimit => Math.Max(ReadBlockSize, _options.MaxLineLength);

    /// <summary>Hands a batch to the writer loop, stamped with the time its last line was complete.</summary>
    private void Post(LineBatch batch)
    {
        // One clock reading per batch: its last read has just been split, so every line in it is complete.
        batch.Time = _time.GetUtcNow();
        if (_channel.Writer.TryWrite(batch)) return;
        if (batch.HoldsPumpSlot) ReleasePumpSlot();
        batch.Return();
    }
}
