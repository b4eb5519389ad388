namespace TurtleHarbor.Logging;

// From bytes to posted batches: splitting a read, the unfinished line's second, and the end of a capture.
internal sealed partial class PipeCapture
{
    /// <summary>Adds the lines of one read to the pipe's open batch, posting batches that fill up.</summary>
    private static void Split(CapturedPipe pipe, ReadOnlySpan<byte> data)
    {
        var splitter = pipe.Splitter;
        int newlines = data.Count((byte)'\n');
        bool clean = newlines > 0 && LogLineSplitter.IsClean(data);
        while (true)
        {
            if (newlines == 0)
            {
                splitter.Carry(data);
                return;
            }

            pipe.Batch ??= NewBatch(pipe, data.Length + splitter.PartialLength, newlines);
            int used = splitter.Split(data, pipe.Batch, clean);
            if (used == data.Length) return;
            newlines -= data[..used].Count((byte)'\n');
            data = data[used..];
            PostOpenBatch(pipe);
        }
    }

    /// <summary>
    /// A batch for the pipe: it takes the slot reserved before the read, else a free one, else none (the rest
    /// of a read already taken is kept past the bound; the next read waits for a slot).
    /// </summary>
    private static LineBatch NewBatch(CapturedPipe pipe, int bytes, int lines)
    {
        bool holdsSlot = pipe.HoldsSlot || pipe.Writer.TryTakePumpSlot();
        pipe.HoldsSlot = false;
        return pipe.Writer.NewCaptureBatch(pipe.Stream, bytes, lines, holdsSlot);
    }

    private static void PostOpenBatch(CapturedPipe pipe)
    {
        if (pipe.Batch is null) return;
        pipe.Writer.PostBatch(pipe.Batch);
        pipe.Batch = null;
    }

    private void ArmPartialTimer(CapturedPipe pipe, TimeSpan wait)
    {
        if (pipe.PartialTimerArmed) return;
        pipe.PartialTimerArmed = true;
        if (pipe.PartialTimer is null)
        {
            pipe.PartialTimer = pipe.Writer.Time.CreateTimer(static state => ((CapturedPipe)state!).Owner.Enqueue((CapturedPipe)state!, Command.PartialDue), pipe, wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            pipe.PartialTimer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The unfinished line may have waited 1 s: write it as it stands (CONTRACTS.md §6), or wait the rest.</summary>
    private void PartialDue(CapturedPipe pipe)
    {
        pipe.PartialTimerArmed = false;
        var splitter = pipe.Splitter;
        // Not quiet: the next read that finds the pipe empty arms the timer again (Drained).
        if (!splitter.HasPartialLine || !pipe.Quiet) return;
        // The writer's clock, as for the pumps: a test's frozen clock never makes a line due.
        var wait = ScriptLogWriter.PartialLineWait - pipe.Writer.Time.GetElapsedTime(pipe.PartialSince);
        if (wait > TimeSpan.Zero)
        {
            ArmPartialTimer(pipe, wait);
            return;
        }
        PostOpenBatch(pipe);
        var partial = NewBatch(pipe, splitter.PartialLength, 1);
        splitter.TakePendingLine(partial);
        pipe.Writer.PostBatch(partial);
    }

    /// <summary>
    /// Ends a capture at EOF, on cancellation, or on a failed read: what was read is posted (an unfinished line
    /// too), the descriptor is closed, and the pump's task completes.
    /// </summary>
    private void End(CapturedPipe pipe, Exception? error, bool cancelled)
    {
        if (pipe.Finished) return;
        pipe.Finished = true;
        try
        {
            var splitter = pipe.Splitter;
            if (splitter.HasPartialLine)
            {
                if (pipe.Batch is not null && !pipe.Batch.HasRoomFor(splitter.PartialLength)) PostOpenBatch(pipe);
                pipe.Batch ??= NewBatch(pipe, splitter.PartialLength, 1);
                splitter.TakeLine(pipe.Batch);
            }
            PostOpenBatch(pipe);
            if (pipe.HoldsSlot)
            {
                pipe.HoldsSlot = false;
                pipe.Writer.ReleasePumpSlot();
            }
            // The script closed its output (it is exiting): write what is buffered now rather than within
            // 200 ms, so its last lines are on disk when its exit is reported.
            if (!cancelled) pipe.Writer.RequestFlush();
        }
        finally
        {
            _pipes.Remove(pipe.Key);
            _epoll.Remove(pipe.Handle);
            pipe.Handle.Dispose();
            pipe.PartialTimer?.Dispose();
            pipe.Cancelled.Dispose();
            pipe.Disposed.Dispose();
            pipe.Writer.Unpark(pipe);
            pipe.Writer.CaptureEnded();
            if (error is not null)
            {
                pipe.Completion.TrySetException(error);
            }
            else if (cancelled && pipe.CancellationToken.IsCancellationRequested)
            {
                pipe.Completion.TrySetCanceled(pipe.CancellationToken);
            }
            else
            {
                pipe.Completion.TrySetResult();
            }
        }
    }
}
