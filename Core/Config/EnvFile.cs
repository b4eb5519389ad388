using System.Collections.Immutable;
using System.Text;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// <c>env_file</c> contents: <c>KEY=VALUE</c> lines, <c># comments</c>, blank lines, an optional <c>export </c>,
/// single quotes (literal) or double quotes (with \n \t \r \" \\ \$), and a <c> #</c> comment after an unquoted value.
/// Pairs come back in file order; a later one wins. Values are expanded later (<see cref="EnvInterpolation"/>),
/// except single-quoted ones, which are literal as in compose.
/// </summary>
internal static class EnvFile
{
    /// <summary>Reads and parses the file through <see cref="ConfigFileReader"/> (regular file, 1 MiB, UTF-8).</summary>
    /// <exception cref="ConfigNotFoundException">The file is missing.</exception>
    /// <exception cref="ThIoException">It cannot be read.</exception>
    /// <exception cref="ConfigInvalidException">Every malformed line, each with file:line:column.</exception>
    public static ImmutableArray<KeyValuePair<string, string>> Load(string path) =>
        Parse(ConfigFileReader.Read(path, "env_file", "create it, or remove env_file from scripts.yml"), path);

    public static ImmutableArray<KeyValuePair<string, string>> Parse(string text, string path)
    {
        var problems = new List<ConfigProblem>();
        var entries = ParseEntries(text, path, problems);
        return problems.Count > 0
            ? throw new ConfigInvalidException([.. problems])
            : [.. entries.Select(e => new KeyValuePair<string, string>(e.Entry.Key, e.Entry.Value))];
    }

    /// <summary>Every well-formed line with its position; every malformed one goes to <paramref name="problems"/>.</summary>
    public static ImmutableArray<PositionedEntry> ParseEntries(string text, string path, List<ConfigProblem> problems)
    {
        var entries = ImmutableArray.CreateBuilder<PositionedEntry>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var error = ParseLine(line, out var pair, out var valueStart, out var literal);
            if (error is { } e)
            {
                problems.Add(new ConfigProblem(path, i + 1, e.Column + 1, e.Message));
            }
            else if (pair is { } p)
            {
                entries.Add(new PositionedEntry(new EnvFileEntry(p.Key, p.Value, literal), i + 1, valueStart + 1));
            }
        }

        return entries.ToImmutable();
    }

    /// <summary>One line of the file: where its value starts (1-based), for messages about the value.</summary>
    internal sealed record PositionedEntry(EnvFileEntry Entry, int Line, int ValueColumn);

    /// <returns>Null when the line is fine; then <paramref name="pair"/> is null for a blank or comment line.</returns>
    private static (int Column, string Message)? ParseLine(
        string line, out KeyValuePair<string, string>? pair, out int valueStart, out bool literal)
    {
        pair = null;
        valueStart = 0;
        literal = false;
        var i = SkipBlanks(line, 0);
        if (i == line.Length || line[i] == '#')
        {
            return null;
        }

        if (line.AsSpan(i).StartsWith("export") && i + 6 < line.Length && line[i + 6] is ' ' or '\t')
        {
            i = SkipBlanks(line, i + 6);
        }

        var keyStart = i;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.' or '-'))
        {
            i++;
        }

        var key = line[keyStart..i];
        var eq = SkipBlanks(line, i);
        if (key.Length == 0 || char.IsAsciiDigit(key[0]))
        {
            return (keyStart, "expected KEY=VALUE, where KEY is letters, digits and '_' (not starting with a digit)");
        }

        if (eq == line.Length || line[eq] != '=')
        {
            return (eq, $"expected '=' after '{key}' (KEY=VALUE)");
        }

        valueStart = SkipBlanks(line, eq + 1);
        literal = valueStart < line.Length && line[valueStart] == '\'';
        var result = valueStart < line.Length && line[valueStart] is '"' or '\''
            ? Quoted(line, valueStart, out var value)
            : Unquoted(line, valueStart, out value);
        if (result is null && value.IndexOf('\0', StringComparison.Ordinal) is >= 0 and var nul)
        {
            return (valueStart + nul, $"the value of '{key}' contains a NUL character, which no environment variable can carry");
        }

        pair = result is null ? new KeyValuePair<string, string>(key, value) : null;
        return result;
    }

    private static (int, string)? Unquoted(string line, int start, out string value)
    {
        var end = line.Length;
        for (var i = start; i < line.Length; i++)
        {
            // `#` starts a comment only after whitespace: URL=http://host/#anchor keeps its anchor.
            if (line[i] == '#' && i > start && line[i - 1] is ' ' or '\t')
            {
                end = i;
                break;
            }
        }

        value = line[start..end].TrimEnd(' ', '\t');
        return null;
    }

    private static (int, string)? Quoted(string line, int start, out string value)
    {
        var quote = line[start];
        var text = new StringBuilder();
        var i = start + 1;
        for (; i < line.Length && line[i] != quote; i++)
        {
            if (quote == '"' && line[i] == '\\' && i + 1 < line.Length)
            {
                i++;
                _ = line[i] switch
                {
                    'n' => text.Append('\n'),
                    't' => text.Append('\t'),
                    'r' => text.Append('\r'),
                    '"' or '\\' or '$' => text.Append(line[i]),
                    _ => text.Append('\\').Append(line[i]), // unknown escapes stay as written
                };
            }
            else
            {
                text.Append(line[i]);
            }
        }

        value = text.ToString();
        if (i == line.Length)
        {
            return (start, $"unterminated {(quote == '"' ? "double" : "single")}-quoted value (quotes must close on the same line)");
        }

        var rest = SkipBlanks(line, i + 1);
        return rest == line.Length || line[rest] == '#' ? null : (rest, "unexpected text after the closing quote");
    }

    private static int SkipBlanks(string line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
