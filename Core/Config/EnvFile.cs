using System.Collections.Immutable;
using System.Text;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// <c>env_file</c> contents: <c>KEY=VALUE</c> lines, <c># comments</c>, blank lines, an optional <c>export </c>,
/// single quotes (literal) or double quotes (with \n \t \r \" \\ \$), and a <c> #</c> comment after an unquoted value.
/// Pairs come back in file order; a later one wins.
/// </summary>
internal static class EnvFile
{
    public static ImmutableArray<KeyValuePair<string, string>> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigNotFoundException($"env_file not found: {path}", "create it, or remove env_file from scripts.yml", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThIoException($"cannot read env_file {path}: {e.Message}", inner: e);
        }

        return Parse(text, path);
    }

    public static ImmutableArray<KeyValuePair<string, string>> Parse(string text, string path)
    {
        var pairs = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var error = ParseLine(line, out var pair);
            if (error is { } e)
            {
                problems.Add(new ConfigProblem(path, i + 1, e.Column + 1, e.Message));
            }
            else if (pair is { } p)
            {
                pairs.Add(p);
            }
        }

        return problems.Count > 0 ? throw new ConfigInvalidException(problems.ToImmutable()) : pairs.ToImmutable();
    }

    /// <returns>Null when the line is fine; then <paramref name="pair"/> is null for a blank or comment line.</returns>
    private static (int Column, string Message)? ParseLine(string line, out KeyValuePair<string, string>? pair)
    {
        pair = null;
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

        var valueStart = SkipBlanks(line, eq + 1);
        var result = valueStart < line.Length && line[valueStart] is '"' or '\''
            ? Quoted(line, valueStart, out var value)
            : Unquoted(line, valueStart, out value);
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
