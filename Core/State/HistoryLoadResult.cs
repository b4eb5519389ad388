namespace TurtleHarbor.Core.State;

/// <summary>The loaded history; when the file was unreadable, where it was moved and why.</summary>
internal sealed record HistoryLoadResult(HistoryDocument Document, string? MovedAsideTo, string? Reason);
