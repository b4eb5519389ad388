using System.Collections.Immutable;

namespace TurtleHarbor.Core.State;

/// <summary>
/// The loaded state; when the file was unreadable or another program's, where it was moved and why
/// (<see cref="Foreign"/> tells which); <see cref="Skipped"/> says, one sentence each, which entries were left out.
/// </summary>
internal sealed record StateLoadResult(StateDocument Document, string? MovedAsideTo, string? Reason, bool Foreign = false, ImmutableArray<string> Skipped = default);
