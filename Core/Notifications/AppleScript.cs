using System.Text;

namespace TurtleHarbor.Core.Notifications;

/// <summary>AppleScript string literals (AppleScript Language Guide, "text": a backslash escapes <c>"</c> and <c>\</c>).</summary>
internal static class AppleScript
{
    /// <summary>
    /// <paramref name="text"/> as a double-quoted AppleScript literal. Control characters (line breaks
    /// included) become spaces: a notification shows one line, and nothing in the text can end the literal.
    /// </summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"' or '\\':
                    quoted.Append('\\').Append(c);
                    break;
                case < ' ' or '\u007f':
                    quoted.Append(' ');
                    break;
                default:
                    quoted.Append(c);
                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
