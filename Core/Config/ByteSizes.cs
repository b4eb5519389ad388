using System.Globalization;

namespace TurtleHarbor.Core.Config;

/// <summary>Sizes as written in scripts.yml: B, KB, MB, GB (1KB = 1024 B), or a bare number of bytes; case-insensitive.</summary>
internal static class ByteSizes
{
    public const string Help = "use a number with B, KB, MB or GB (1KB = 1024 B), e.g. 10MB, or a bare number of bytes";

    /// <summary>The largest size any key may take: far beyond a log file, well within a long.</summary>
    public const long Maximum = 1024L * 1024 * 1024 * 1024;

    public static bool TryParse(string text, out long value) => TryParse(text, out value, out _);

    /// <param name="tooLarge">True when <paramref name="text"/> is a well-formed size over <see cref="Maximum"/>.</param>
    public static bool TryParse(string text, out long value, out bool tooLarge)
    {
        value = 0;
        tooLarge = false;
        var span = text.AsSpan().Trim();
        var (suffix, multiplier) = span switch
        {
            _ when span.EndsWith("KB", StringComparison.OrdinalIgnoreCase) => (2, 1024.0),
            _ when span.EndsWith("MB", StringComparison.OrdinalIgnoreCase) => (2, 1024.0 * 1024),
            _ when span.EndsWith("GB", StringComparison.OrdinalIgnoreCase) => (2, 1024.0 * 1024 * 1024),
            _ when span.EndsWith("B", StringComparison.OrdinalIgnoreCase) => (1, 1.0),
            _ => (0, 1.0),
        };
        var digits = span[..^suffix];

        digits = digits.TrimEnd();
        if (digits.IsEmpty
            || !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var bytes = Math.Floor(number * multiplier);
        if (bytes > Maximum)
        {
            tooLarge = true;
            return false;
        }

        value = (long)bytes;
        return true;
    }
}
