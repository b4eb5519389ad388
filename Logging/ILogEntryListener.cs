namespace TurtleHarbor.Logging;

/// <summary>
/// A consumer of one script's lines as data rather than file text (the Loki shipper). Called on the writer
/// loop for every line in file order, with the capture time (the instant the file shows, to the
/// millisecond), the stream, and the text as written after the label: valid UTF-8, truncation marker
/// included, no newline. It must copy what it needs and return quickly, without throwing.
/// </summary>
internal interface ILogEntryListener
{
    void OnEntry(DateTimeOffset time, LogStream stream, ReadOnlySpan<byte> text);
}
