namespace TurtleHarbor.Core.State;

/// <summary>The loaded state; when the file was unreadable, where it was moved and why.</summary>
internal sealed record StateLoadResult(StateDocument Document, string? MovedAsideTo, string? Reason);
