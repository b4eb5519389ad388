namespace TurtleHarbor.Logging.Loki;

/// <summary>A snapshot of one pusher's counters for <c>th daemon status</c>.</summary>
/// <param name="LinesSent">Lines Loki accepted.</param>
/// <param name="LinesDropped">Lines given up on: queue overflow, refused batches, left over at shutdown.</param>
/// <param name="LinesQueued">Lines waiting or in flight now.</param>
internal sealed record LokiStats(
    string Url,
    long LinesSent,
    long LinesDropped,
    long LinesQueued,
    string? LastError,
    DateTimeOffset? LastErrorAt);
