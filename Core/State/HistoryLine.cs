using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.State;

/// <summary>
/// One line of history.jsonl: the run <paramref name="Id"/> as it stood when the line was written.
/// A run has a line when it starts and another when it ends; the later line replaces the earlier.
/// </summary>
/// <param name="Id">Unique within the journal, rising in the order runs started (a new daemon goes on from the highest it read).</param>
internal sealed record HistoryLine(long Id, RunRecord Run);
