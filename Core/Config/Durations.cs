using System.Globalization;

namespace TurtleHarbor.Core.Config;

/// <summary>Durations as written in scripts.yml: <c>250ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, or a bare number of seconds.</summary>
internal static class Durations
{
    /// <summary>
    /// The longest duration any key may take unless it says otherwise: every duration ends up in a timer, and an
    /// hour is beyond any sensible grace period or backoff step.
    /// </summary>
    public static readonly TimeSpan DefaultMaximum = TimeSpan.FromHours(1);

    public const string Help = "use a number with ms, s, m or h (250ms, 5s, 2m, 1h), or a bare number of seconds";

    public static bool TryParse(string text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <param name="tooLarge">True when <paramref name="text"/> is a well-formed duration too long for a TimeSpan.</param>
    public static bool TryParse(string text, out TimeSpan value, out bool tooLarge)
    {
        value = default;
        tooLarge = false;
        var span = text.AsSpan().Trim();
        var (suffix, msPerUnit) = span switch
        {
            _ when span.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (2, 1.0),
            _ when span.EndsWith("s", StringComparison.OrdinalIgnoreCase) => (1, 1000.0),
            _ when span.EndsWith("m", StringComparison.OrdinalIgnoreCase) => (1, 60_000.0),
            _ when span.EndsWith("h", StringComparison.OrdinalIgnoreCase) => (1, 3_600_000.0),
            _ => (0, 1000.0),
        };
        var digits = span[..^suffix];
        digits = digits.TrimEnd();

        // NumberStyles.AllowDecimalPoint alone refuses signs, exponents, spaces and thousands separators.
        if (digits.IsEmpty
            || !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var milliseconds = number * msPerUnit;
        if (double.IsNaN(milliseconds) || milliseconds >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            tooLarge = !double.IsNaN(milliseconds);
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>A duration as a user would write it: 1h, 90s, 250ms.</summary>
    public static string Format(TimeSpan value) => value switch
    {
        _ when value.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)value.TotalHours}h",
        _ when value.Ticks % TimeSpan.TicksPerMinute == 0 => $"{(long)value.TotalMinutes}m",
        _ when value.Ticks % TimeSpan.TicksPerSecond == 0 => $"{(long)value.TotalSeconds}s",
        _ => $"{(long)value.TotalMilliseconds}ms",
    };
}
