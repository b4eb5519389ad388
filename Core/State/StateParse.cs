using System.Collections.Immutable;

namespace TurtleHarbor.Core.State;

/// <summary>How the bytes of a state file read.</summary>
internal enum StateFileKind
{
    /// <summary>th's state, possibly with entries skipped.</summary>
    Ours,

    /// <summary>Not JSON (a torn or damaged file).</summary>
    Corrupt,

    /// <summary>JSON of another version or program (e.g. the Rust turtle-harbor 0.x).</summary>
    Foreign,
}

/// <summary>
/// A state file as read: the document (empty unless <see cref="Kind"/> is Ours), what was wrong
/// with the file (Corrupt, Foreign) and, one sentence each, the entries that were skipped.
/// </summary>
internal sealed record StateParse(StateFileKind Kind, StateDocument Document, string? Reason, ImmutableArray<string> Skipped);
