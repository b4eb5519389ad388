using System.Text.RegularExpressions;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// The one way a <c>log:</c> healthcheck pattern becomes a <see cref="Regex"/>, for the config check and the
/// daemon alike. NonBacktracking: the pattern runs on the log writer's loop against every line until it
/// matches, so a hostile pattern must cost time linear in the line, never exponential (.NET regex docs,
/// "Backtracking in regular expressions"); the match timeout bounds even that.
/// </summary>
internal static class HealthLogPattern
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>The compiled pattern, or null with <paramref name="error"/> saying why not, as the rest of a sentence about the pattern ("is not a valid ...").</summary>
    public static Regex? TryCreate(string pattern, out string? error)
    {
        error = null;
        try
        {
            return new Regex(pattern, Options, HealthcheckSpec.LogMatchTimeout);
        }
        catch (RegexParseException e)
        {
            error = $"is not a valid regular expression: {e.Error switch
            {
                RegexParseError.InsufficientClosingParentheses => "a '(' is not closed",
                RegexParseError.InsufficientOpeningParentheses => "a ')' has no '('",
                RegexParseError.UnterminatedBracket => "a '[' is not closed",
                RegexParseError.QuantifierAfterNothing => "a quantifier (*, +, ?, {n}) follows nothing",
                RegexParseError.NestedQuantifiersNotParenthesized => "nested quantifiers need parentheses",
                RegexParseError.UnescapedEndingBackslash => "it ends with a lone '\\'",
                _ => $"error at offset {e.Offset}",
            }}";
            return null;
        }
        catch (NotSupportedException)
        {
            // NonBacktracking refuses what only backtracking can do.
            error = "uses a backreference, lookaround, atomic group or conditional, which 'log:' patterns do not support (they can take exponential time)";
            return null;
        }
        catch (ArgumentException)
        {
            error = "is not a valid regular expression";
            return null;
        }
    }
}
