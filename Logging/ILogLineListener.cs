namespace TurtleHarbor.Logging;

/// <summary>
/// A live follower of one script's log (<c>th logs -f</c>). Called on the writer loop for every formatted
/// line, newline included, in file order; it must copy what it needs and return quickly, without throwing.
/// </summary>
internal interface ILogLineListener
{
    void OnLine(ReadOnlySpan<byte> formattedLine);
}
