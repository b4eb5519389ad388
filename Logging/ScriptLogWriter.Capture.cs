using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Logging;

// What the daemon's capture thread (PipeCapture) needs of a writer: the pumps' backpressure slots without
// waiting, a place to park a pipe until a slot is free, and the pumps' way of posting batches.
internal sealed partial class ScriptLogWriter
{
    // Pipes not read because every slot was taken; resumed when the writer hands one back. Rare (a writer
    // behind its script), so the list only exists while that happens.
    private readonly Lock _parkLock = new();
    private List<CapturedPipe>? _parked;
    private int _parkedCount;

    internal int MaxLineLength => _options.MaxLineLength;

    internal TimeProvider Time => _time;

    internal CancellationToken Disposing => _disposing.Token;

    internal bool TryTakePumpSlot() => _pumpSlots.Wait(0);

    /// <summary>Hands a slot back and lets a parked pipe be read again.</summary>
    internal void ReleasePumpSlot()
    {
        _pumpSlots.Release();
        if (Volatile.Read(ref _parkedCount) == 0) return;
        CapturedPipe[] resumed;
        lock (_parkLock)
        {
            if (_parked is null || _parked.Count == 0) return;
            resumed = [.. _parked];
            _parked.Clear();
            _parkedCount = 0;
        }
        foreach (var pipe in resumed) pipe.Owner.Resume(pipe);
    }

    /// <summary>
    /// Keeps <paramref name="pipe"/> unread until a slot is handed back. False when one was handed back meanwhile
    /// (then the caller reads on); either the writer sees the parked pipe or the capture sees the free slot.
    /// </summary>
    internal bool Park(CapturedPipe pipe)
    {
        lock (_parkLock)
        {
            (_parked ??= []).Add(pipe);
            _parkedCount = _parked.Count;
        }
        if (_pumpSlots.CurrentCount == 0) return true;
        return !Unpark(pipe);
    }

    /// <summary>Takes the pipe off the parked list; true when it was there.</summary>
    internal bool Unpark(CapturedPipe pipe)
    {
        if (Volatile.Read(ref _parkedCount) == 0) return false;
        lock (_parkLock)
        {
            bool removed = _parked?.Remove(pipe) ?? false;
            _parkedCount = _parked?.Count ?? 0;
            return removed;
        }
    }

    internal LineBatch NewCaptureBatch(LogStream stream, int bytes, int lines, bool holdsSlot)
    {
        var batch = LineBatch.Rent(default, stream, Math.Min(bytes, BatchByteLimit), lines, BatchByteLimit);
        batch.HoldsPumpSlot = holdsSlot;
        return batch;
    }

    internal void PostBatch(LineBatch batch) => Post(batch);

    /// <summary>Asks the writer loop to write what it buffered now (a pipe reached EOF).</summary>
    internal void RequestFlush() =>
        _channel.Writer.TryWrite(LineBatch.Flush(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    internal void CaptureStarted() => Interlocked.Increment(ref _activePumps);

    internal void CaptureEnded() => Interlocked.Decrement(ref _activePumps);

    private Task CaptureAsync(PipeCapture capture, SafeFileHandle pipeReadEnd, LogStream stream, CancellationToken cancellationToken) =>
        capture.Capture(this, pipeReadEnd, stream, cancellationToken);
}
