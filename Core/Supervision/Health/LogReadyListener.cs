using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision.Health;

/// <summary>
/// A <c>log:</c> healthcheck: watches one run's output lines (not the <c>[th]</c> lines) on the log writer's
/// loop until one matches, then calls <paramref name="onMatch"/> once and tests nothing more. The core adds it
/// when the run starts and removes it at the match or the run's end, so capture pays for the pattern only
/// while the probe is pending.
/// </summary>
internal sealed class LogReadyListener(Regex pattern, Action onMatch) : ILogEntryListener
{
    private volatile bool _matched;

    public bool Matched => _matched;

    public void OnEntry(DateTimeOffset time, LogStream stream, ReadOnlySpan<byte> text)
    {
        if (_matched || stream == LogStream.Th)
        {
            return;
        }

        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(text.Length));
        try
        {
            var count = Encoding.UTF8.GetChars(text, chars);
            if (!pattern.IsMatch(chars.AsSpan(0, count)))
            {
                return;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A line too long for the pattern's time budget does not count as a match.
            return;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        _matched = true;
        onMatch();
    }
}
