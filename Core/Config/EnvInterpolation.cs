using System.Text;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Compose's interpolation in <c>env</c> and env_file values (compose spec, "Interpolation"): <c>${NAME}</c>,
/// <c>$NAME</c>, <c>${NAME:-default}</c> (default when unset or empty), <c>${NAME-default}</c> (default when unset),
/// and <c>$$</c> for a literal <c>$</c>. A <c>$</c> before anything else stays as it is. An undefined name without
/// a default expands to an empty string.
/// </summary>
internal static class EnvInterpolation
{
    /// <summary>The result of expanding one value.</summary>
    /// <param name="Error">Why the value cannot be expanded (an unclosed <c>${</c>, a bad name), with the index where it starts.</param>
    /// <param name="Undefined">Names that had no value and no default, in order.</param>
    internal sealed record Result(string Value, (int Index, string Message)? Error, IReadOnlyList<string> Undefined);

    /// <param name="lookup">The value of a name, or null when it is not set.</param>
    public static Result Expand(string value, Func<string, string?> lookup)
    {
        var undefined = new List<string>();
        var output = new StringBuilder(value.Length);
        var error = Expand(value, lookup, output, undefined);
        return new Result(output.ToString(), error, undefined);
    }

    private static (int Index, string Message)? Expand(string value, Func<string, string?> lookup, StringBuilder output, List<string> undefined)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 == value.Length)
            {
                output.Append(value[i]);
                continue;
            }

            var next = value[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < value.Length && IsNameChar(value[end]))
                {
                    end++;
                }

                output.Append(Lookup(value[(i + 1)..end], lookup, undefined));
                i = end - 1;
            }
            else if (next == '{')
            {
                var close = MatchingBrace(value, i + 2);
                if (close < 0)
                {
                    return (i, "'${' is not closed with '}' (write $$ for a literal $)");
                }

                var error = Braced(value[(i + 2)..close], lookup, output, undefined);
                if (error is not null)
                {
                    return (i, error);
                }

                i = close;
            }
            else
            {
                output.Append('$');
            }
        }

        return null;
    }

    private static string? Braced(string inner, Func<string, string?> lookup, StringBuilder output, List<string> undefined)
    {
        var nameEnd = 0;
        while (nameEnd < inner.Length && IsNameChar(inner[nameEnd]))
        {
            nameEnd++;
        }

        var name = inner[..nameEnd];
        if (name.Length == 0 || !IsNameStart(name[0]))
        {
            return $"'${{{Quoted.Cut(inner)}}}' does not start with a variable name (letters, digits and '_', not starting with a digit)";
        }

        var rest = inner[nameEnd..];
        if (rest.Length == 0)
        {
            output.Append(Lookup(name, lookup, undefined));
            return null;
        }

        var emptyCounts = rest.StartsWith(":-", StringComparison.Ordinal);
        if (!emptyCounts && !rest.StartsWith('-'))
        {
            return $"'${{{Quoted.Cut(inner)}}}' is not supported; use ${{{name}}}, ${{{name}:-default}} or ${{{name}-default}}";
        }

        var current = lookup(name);
        if (current is not null && !(emptyCounts && current.Length == 0))
        {
            output.Append(current);
            return null;
        }

        // The default may itself hold variables, as in compose.
        return Expand(rest[(emptyCounts ? 2 : 1)..], lookup, output, undefined)?.Message;
    }

    private static string Lookup(string name, Func<string, string?> lookup, List<string> undefined)
    {
        if (lookup(name) is { } found)
        {
            return found;
        }

        undefined.Add(name);
        return "";
    }

    private static int MatchingBrace(string value, int start)
    {
        var depth = 1;
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (value[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
