namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// When each armed cron script wants its schedule looked at, for all of them together: the daemon
/// keeps one timer set to <see cref="EarliestDue"/> instead of a timer per script (10,000 armed
/// scripts were 10,000 timers). Owned by the core loop, not thread-safe.
/// </summary>
/// <remarks>
/// Due times are monotonic timestamps (<see cref="TimeProvider.GetTimestamp"/>), as timers run. An entry
/// carries the arming's generation; a re-arm or a disarm raises the generation, so an older entry is
/// stale and dropped when it comes due, without a search for it: at most one live entry a script, and
/// the stale ones a script leaves are bounded by its re-arms within one <see cref="CronTrigger.MaxWait"/>.
/// </remarks>
internal sealed class CronWakeQueue
{
    private readonly PriorityQueue<Entry, (long Due, long Order)> _entries = new();
    private long _order;

    /// <summary>Entries queued, stale ones included.</summary>
    public int Count => _entries.Count;

    /// <summary>The due timestamp of the first entry, or null when the queue is empty.</summary>
    public long? EarliestDue => _entries.TryPeek(out _, out var priority) ? priority.Due : null;

    /// <summary>Queues a look at <paramref name="key"/>'s schedule at <paramref name="due"/> for arming <paramref name="generation"/>.</summary>
    public void Add(ScriptKey key, long generation, long due) => _entries.Enqueue(new Entry(key, generation), (due, _order++));

    /// <summary>
    /// Takes every entry due at or before <paramref name="now"/>, earliest first (entries due at the same
    /// timestamp in the order they were added), stale ones included: the caller checks the generation.
    /// Entries added while the caller handles these wait for the next call.
    /// </summary>
    public List<Entry> TakeDue(long now)
    {
        var due = new List<Entry>();
        while (_entries.TryPeek(out _, out var priority) && priority.Due <= now)
        {
            due.Add(_entries.Dequeue());
        }

        return due;
    }

    /// <summary>One queued look: the script and the generation of the arming that asked for it.</summary>
    internal readonly record struct Entry(ScriptKey Key, long Generation);
}
