namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// The pusher's bounded waiting room: at most a fixed number of lines and bytes. Adding never waits; when
/// full, the oldest lines are dropped and counted. The lock is only ever held for a few list operations.
/// </summary>
internal sealed class LokiQueue(int maxLines, long maxBytes)
{
    private readonly Lock _lock = new();
    private readonly Queue<(LokiEntry Entry, DateTimeOffset EnqueuedAt)> _entries = new();
    private TaskCompletionSource? _changed;
    private long _bytes;
    private long _dropped;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Lines dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>When the oldest waiting line was added; null when empty.</summary>
    public DateTimeOffset? OldestEnqueuedAt
    {
        get
        {
            lock (_lock)
            {
                return _entries.TryPeek(out var oldest) ? oldest.EnqueuedAt : null;
            }
        }
    }

    public void Add(LokiEntry entry, DateTimeOffset now)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _entries.Enqueue((entry, now));
            _bytes += entry.Cost;
            while (_entries.Count > 1 && (_entries.Count > maxLines || _bytes > maxBytes))
            {
                _bytes -= _entries.Dequeue().Entry.Cost;
                Interlocked.Increment(ref _dropped);
            }

            wake = _changed;
            _changed = null;
        }

        // Outside the lock: continuations run asynchronously anyway, but keep the critical section minimal.
        wake?.TrySetResult();
    }

    /// <summary>A task that completes at the next <see cref="Add"/>; take it before checking the state to miss no wake-up.</summary>
    public Task NextChange()
    {
        lock (_lock)
        {
            _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _changed.Task;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> of the oldest lines into <paramref name="batch"/>, in order.</summary>
    public void Take(List<LokiEntry> batch, int max)
    {
        lock (_lock)
        {
            while (batch.Count < max && _entries.TryDequeue(out var item))
            {
                _bytes -= item.Entry.Cost;
                batch.Add(item.Entry);
            }
        }
    }

    /// <summary>Empties the queue and returns how many lines it held (counted as dropped by the caller).</summary>
    public int Clear()
    {
        lock (_lock)
        {
            var count = _entries.Count;
            _entries.Clear();
            _bytes = 0;
            return count;
        }
    }
}
