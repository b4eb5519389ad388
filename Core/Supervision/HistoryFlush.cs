using TurtleHarbor.Core.State;

namespace TurtleHarbor.Core.Supervision;

/// <summary>The flush step's part for the history: the batch's lines appended with one fsync, then a compaction when the journal has grown past its bound.</summary>
internal static class HistoryFlush
{
    /// <returns>Why the lines are not on disk (they are queued again), and why a due compaction failed; null for each that did not fail.</returns>
    public static async Task<(string? NotAppended, string? NotCompacted)> RunAsync(RunHistory history, HistoryJournal journal, CancellationToken cancellationToken)
    {
        if (!history.Dirty)
        {
            return (null, null);
        }

        var lines = history.TakePending();
        if (await journal.TryAppendAsync(lines, cancellationToken) is { } reason)
        {
            history.Requeue(lines);
            return (reason, null);
        }

        // The appended lines are on disk; a journal longer than it need be is no failure of the batch.
        return journal.NeedsCompaction ? (null, await journal.TryCompactAsync(history.Compacted(), cancellationToken)) : (null, null);
    }
}
