using System.Globalization;

namespace TurtleHarbor.Logging;

/// <summary>Reads back what <see cref="LogLineFormatter"/> wrote, so several scripts' tails can be merged by time.</summary>
internal static class LogLineParser
{
    /// <summary>Parses the leading timestamp of a script log line; false for anything else.</summary>
    public static bool TryParseTimestamp(string line, out DateTimeOffset timestamp)
    {
        int space = line.IndexOf(' ');
        if (space <= 0)
        {
            timestamp = default;
            return false;
        }
        return DateTimeOffset.TryParseExact(
            line.AsSpan(0, space), LogLineFormatter.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp);
    }
}
