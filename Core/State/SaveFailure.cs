using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.State;

/// <summary>Which of the daemon's own files a save was for ("state" or "history" on the wire).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<SavedFile>))]
internal enum SavedFile
{
    /// <summary>state.json: desired states, pids, restart counts (CONTRACTS.md §7).</summary>
    State,

    /// <summary>history.jsonl: the recent runs.</summary>
    History,
}

/// <summary>
/// A save that did not reach the disk. <see cref="Reason"/> is the operating system's words for
/// the error (strerror, e.g. "No space left on device"), without the file name.
/// </summary>
internal sealed record SaveFailure(SavedFile File, string Reason);
