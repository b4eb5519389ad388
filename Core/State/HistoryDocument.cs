using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.State;

/// <summary>history.json: the recent runs of every script, oldest first.</summary>
internal sealed record HistoryDocument(int Version, IReadOnlyList<RunRecord> Runs)
{
    public const int CurrentVersion = 1;

    public static HistoryDocument Empty { get; } = new(CurrentVersion, []);
}
