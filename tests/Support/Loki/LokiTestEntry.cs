namespace TurtleHarbor.Tests.Support;

public sealed record LokiTestEntry(IReadOnlyDictionary<string, string> Labels, long UnixNanos, string Line)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
