namespace TurtleHarbor.Tests.Support;

/// <summary>
/// How hard the reliability suite pushes. CI runs the short version; <c>TH_RELIABILITY_LONG=1</c>
/// runs the long one docs/reliability.md quotes (50 kills, 50 clients x 100 scripts for a minute, ...).
/// </summary>
public static class ReliabilityScale
{
    public static bool Long { get; } = Environment.GetEnvironmentVariable("TH_RELIABILITY_LONG") is "1" or "true" or "yes";

    public static int Pick(int small, int large) => Long ? large : small;

    public static TimeSpan Pick(TimeSpan small, TimeSpan large) => Long ? large : small;

    /// <summary>A seed printed by failing tests, so a failure can be replayed with TH_RELIABILITY_SEED.</summary>
    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("TH_RELIABILITY_SEED"), out var seed)
        ? seed
        : Random.Shared.Next();
}
