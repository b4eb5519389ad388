using System.Net.Http.Headers;

namespace TurtleHarbor.Logging.Loki;

/// <summary>When to try a push again: exponential with jitter, unless the server said (Retry-After).</summary>
internal static class LokiBackoff
{
    /// <param name="attempt">0 for the first retry.</param>
    /// <param name="random">A number in [0, 1): the jitter spreads the delay over its upper half.</param>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, double random)
    {
        var exponential = min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random)));
    }

    /// <summary>The server's wish as a delay from <paramref name="now"/>, or null when it has none.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now, TimeSpan cap)
    {
        TimeSpan? wanted = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
        if (wanted is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }
}
