namespace TurtleHarbor.Logging;

/// <summary>
/// One item on a <see cref="ScriptLogWriter"/>'s channel: a captured line (content in a pooled array the
/// writer returns), or a flush request when <paramref name="FlushDone"/> is set.
/// </summary>
/// <param name="Time">UTC time at which the line was complete.</param>
/// <param name="DroppedBytes">Bytes cut off after <paramref name="Length"/> (0 when the line was not truncated).</param>
/// <param name="FromPump">True when the item holds one of the pumps' bounded slots.</param>
internal readonly record struct CapturedLine(
    DateTimeOffset Time,
    LogStream Stream,
    byte[]? Bytes,
    int Length,
    long DroppedBytes,
    bool FromPump,
    TaskCompletionSource? FlushDone = null);
