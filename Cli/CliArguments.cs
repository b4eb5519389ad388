using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace TurtleHarbor.Cli;

/// <summary>Parsers for option values that say in a sentence what they accept, instead of naming a .NET type.</summary>
internal static class CliArguments
{
    private static readonly (string Name, LogLevel Level)[] LogLevels =
    [
        ("trace", Microsoft.Extensions.Logging.LogLevel.Trace),
        ("debug", Microsoft.Extensions.Logging.LogLevel.Debug),
        ("information", Microsoft.Extensions.Logging.LogLevel.Information),
        ("warning", Microsoft.Extensions.Logging.LogLevel.Warning),
        ("error", Microsoft.Extensions.Logging.LogLevel.Error),
        ("critical", Microsoft.Extensions.Logging.LogLevel.Critical),
        ("none", Microsoft.Extensions.Logging.LogLevel.None),
    ];

    public static string LogLevelNames => string.Join(", ", LogLevels.Select(l => l.Name));

    /// <summary>A whole number, 0 or more; anything else is a usage error that says so.</summary>
    public static int NonNegative(ArgumentResult result, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError(text.StartsWith('-') && text.Length > 1 && text[1..].All(char.IsAsciiDigit)
            ? $"{option} must be 0 or more, found '{Core.Config.Quoted.Cut(text)}'"
            : $"{option} takes a whole number of lines (0 or more), found '{Core.Config.Quoted.Cut(text)}'");
        return 0;
    }

    public static LogLevel? LogLevel(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        foreach (var (name, level) in LogLevels)
        {
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
            {
                return level;
            }
        }

        result.AddError($"--log-level must be one of {LogLevelNames}, found '{Core.Config.Quoted.Cut(text)}'");
        return null;
    }

    /// <summary>
    /// The parse errors worth showing, one line per mistake: System.CommandLine reports an unknown word both as
    /// itself and as the missing command it stood in for; the unknown word is the mistake.
    /// </summary>
    public static IEnumerable<string> OnePerMistake(ParseResult parse) => parse.UnmatchedTokens.Count > 0
        ? parse.UnmatchedTokens.Select(t => $"unknown command or argument '{Core.Config.Quoted.Cut(t)}'")
        : parse.Errors.Select(e => e.Message);
}
