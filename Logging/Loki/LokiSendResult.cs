namespace TurtleHarbor.Logging.Loki;

/// <summary>How one push attempt ended.</summary>
/// <param name="RetryAfter">The server's Retry-After, when it gave one.</param>
internal readonly record struct LokiSendResult(LokiSendOutcome Outcome, string? Error, TimeSpan? RetryAfter = null)
{
    public static LokiSendResult Accepted { get; } = new(LokiSendOutcome.Accepted, null);
}
