namespace TurtleHarbor.Logging.Loki;

/// <summary>One queued log line: its stream's labels, its time, and its UTF-8 text (valid, already cut to size).</summary>
internal readonly record struct LokiEntry(LokiLabelSet Labels, DateTimeOffset Time, byte[] Line)
{
    /// <summary>What the entry costs the queue: the text plus a rough share for the entry itself.</summary>
    public long Cost => Line.Length + 64;
}
