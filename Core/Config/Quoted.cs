using System.Globalization;
using System.Text;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Text from a file quoted in a message: cut, so that a message about a binary or foreign file does not echo it,
/// and with control characters escaped, so that it stays on one line.
/// </summary>
internal static class Quoted
{
    /// <summary>How many characters of foreign content a message may quote.</summary>
    public const int MaxLength = 60;

    public static string Cut(string text, int maxLength = MaxLength)
    {
        var cut = text.Length > maxLength;
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 4);
        foreach (var c in cut ? text.AsSpan(0, maxLength) : text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\0' => "\\0",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }
}
