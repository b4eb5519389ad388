namespace TurtleHarbor.Core.State;

/// <summary>What a read of history.jsonl found: its lines in file order, and how many could not be read (a torn last line after a crash).</summary>
internal sealed record HistoryJournalRead(IReadOnlyList<HistoryLine> Lines, int Unreadable, bool Exists);
