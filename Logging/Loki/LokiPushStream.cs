namespace TurtleHarbor.Logging.Loki;

/// <summary>One stream of a push: its label set and its lines in time order.</summary>
internal sealed record LokiPushStream(IReadOnlyDictionary<string, string> Stream, IReadOnlyList<LokiPushValue> Values);
