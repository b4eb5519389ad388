namespace TurtleHarbor.Core.State;

internal sealed record StateDocument(int Version, IReadOnlyList<StateEntry> Scripts)
{
    public const int CurrentVersion = 1;

    public static StateDocument Empty { get; } = new(CurrentVersion, []);
}
