namespace TurtleHarbor.Logging.Loki;

internal enum LokiSendOutcome
{
    Accepted,

    /// <summary>Connection error, timeout, 429 or 5xx: the same body is sent again after a backoff.</summary>
    Retry,

    /// <summary>Any other answer (400 and friends): Loki will not take this batch however often we ask.</summary>
    Rejected,
}
