using System.Globalization;
using System.Text;

namespace TurtleHarbor.Core.Paths;

/// <summary>
/// A path as it should appear in a message: unchanged when it is plain, else quoted so that it can
/// be pasted into a POSIX shell and cannot break the one-line message (control characters become
/// escapes inside bash's $'...' quoting).
/// </summary>
internal static class ShellQuote
{
    public static string Path(string path)
    {
        if (path.Length > 0 && path.All(IsPlain))
        {
            return path;
        }

        if (!path.Any(char.IsControl))
        {
            return $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";
        }

        var quoted = new StringBuilder("$'");
        foreach (var c in path)
        {
            quoted.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\'' => "\\'",
                '\\' => "\\\\",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('\'').ToString();
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '@' or '%' or ',' or '=' || c > 127 && !char.IsControl(c) && !char.IsWhiteSpace(c);
}
