namespace TurtleHarbor.Logging;

/// <summary>
/// One captured line inside a <see cref="LineBatch"/>: how many of the batch's bytes it keeps (they follow
/// the previous line's), and how many it had to drop.
/// </summary>
/// <param name="Length">Content bytes kept, without the newline (and without a <c>\r</c> before it).</param>
/// <param name="DroppedBytes">Bytes cut off after <paramref name="Length"/> (0 when the line was not truncated).</param>
internal readonly record struct CapturedLine(int Length, long DroppedBytes);
