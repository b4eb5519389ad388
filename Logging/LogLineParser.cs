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

        // th logs merges 100 lines of each of 100 scripts: the format's fixed layout is read digit by digit, and
        // only what does not fit it (never written by th, but a log may hold anything) goes to the general parser.
        return TryParseFixed(line.AsSpan(0, space), out timestamp) || DateTimeOffset.TryParseExact(
            line.AsSpan(0, space), LogLineFormatter.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fff+hh:mm</c> (29 characters, <see cref="LogLineFormatter.TimestampFormat"/>); false for anything else.</summary>
    private static bool TryParseFixed(ReadOnlySpan<char> s, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (s.Length != 29 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.'
            || s[23] is not ('+' or '-') || s[26] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)
            || !Digits(s, 20, 3, out var millisecond) || !Digits(s, 24, 2, out var offsetHours) || !Digits(s, 27, 2, out var offsetMinutes))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59
            || second > 59 || offsetHours > 14 || offsetMinutes > 59)
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        if (offset > TimeSpan.FromHours(14))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - (s[23] == '-' ? -offset.Ticks : offset.Ticks);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        timestamp = new DateTimeOffset(local, s[23] == '-' ? -offset : offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = value * 10 + digit;
        }

        return true;
    }
}
