using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace TurtleHarbor.Logging.Loki;

/// <summary>Makes a line fit for Loki: valid UTF-8 (invalid bytes become U+FFFD) and cut to a byte limit with a marker.</summary>
internal static class LokiLineText
{
    /// <summary>Copies <paramref name="text"/> into a new array of at most <paramref name="maxBytes"/> plus the marker.</summary>
    public static byte[] Prepare(ReadOnlySpan<byte> text, int maxBytes)
    {
        if (!Utf8.IsValid(text))
        {
            return Prepare(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text)), maxBytes);
        }

        if (text.Length <= maxBytes)
        {
            return text.ToArray();
        }

        var cut = maxBytes;
        while (cut > 0 && (text[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        var marker = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $" \u2026[truncated {text.Length - cut} bytes]"));
        var line = new byte[cut + marker.Length];
        text[..cut].CopyTo(line);
        marker.CopyTo(line.AsSpan(cut));
        return line;
    }
}
