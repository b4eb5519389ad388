using System.Globalization;
using SharpYaml;
using SharpYaml.Model;

namespace TurtleHarbor.Core.Config;

/// <summary>Turns one leaf of the file into a typed value, or reports why it cannot, at the value's position.</summary>
internal sealed class YamlValueReader(ConfigProblemList problems)
{
    public ConfigProblemList Problems => problems;

    public static Mark StartOf(YamlElement element) => element switch
    {
        YamlValue v => v.Scalar.Start,
        YamlMapping m => m.MappingStart.Start,
        YamlSequence s => s.SequenceStart.Start,
        _ => Mark.Empty,
    };

    /// <summary>Any scalar as text (numbers and bools included); a mapping or list is a wrong type.</summary>
    public string? Text(YamlElement? element, string key)
    {
        switch (element)
        {
            case null:
                return null;
            case YamlValue value when IsNull(value):
                return null;
            case YamlValue value:
                // The text as written: the schema's value would print `true` as "True" and `1.0` as "1".
                return value.Scalar.Value ?? "";
            default:
                problems.Add(StartOf(element), $"'{key}' must be a single value, found {Describe(element)}");
                return null;
        }
    }

    public int? Integer(YamlElement? element, string key, int minimum)
    {
        var text = Text(element, key);
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var tooLarge = trimmed.Length > 0 && trimmed.TrimStart('+').All(char.IsAsciiDigit);
            problems.Add(StartOf(element!), tooLarge
                ? $"'{key}' is too large (at most {int.MaxValue}), found '{Quoted.Cut(text)}'"
                : $"'{key}' must be a whole number, found '{Quoted.Cut(text)}'");
            return null;
        }

        if (number < minimum)
        {
            problems.Add(StartOf(element!), minimum == 0
                ? $"'{key}' must not be negative, found {number}"
                : $"'{key}' must be at least {minimum}, found {number}");
            return null;
        }

        return number;
    }

    public bool? Boolean(YamlElement? element, string key)
    {
        var text = Text(element, key);
        switch (text?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.Add(StartOf(element!), $"'{key}' must be true or false, found '{Quoted.Cut(text)}'");
                return null;
        }
    }

    /// <param name="maximum">The longest accepted; <see cref="Durations.DefaultMaximum"/> when null.</param>
    public TimeSpan? Duration(YamlElement? element, string key, bool allowZero = true, TimeSpan? maximum = null)
    {
        var max = maximum ?? Durations.DefaultMaximum;
        var text = Text(element, key);
        if (text is null)
        {
            return null;
        }

        if (text.TrimStart().StartsWith('-'))
        {
            problems.Add(StartOf(element!), $"'{key}' must not be negative, found '{Quoted.Cut(text)}'");
            return null;
        }

        if (!Durations.TryParse(text, out var value, out var tooLarge) && !tooLarge)
        {
            problems.Add(StartOf(element!), $"'{key}': bad duration '{Quoted.Cut(text)}'; {Durations.Help}");
            return null;
        }

        if (tooLarge || value > max)
        {
            problems.Add(StartOf(element!), $"'{key}' is too large (at most {Durations.Format(max)}), found '{Quoted.Cut(text)}'");
            return null;
        }

        if (!allowZero && value <= TimeSpan.Zero)
        {
            problems.Add(StartOf(element!), $"'{key}' must be longer than zero, found '{Quoted.Cut(text)}'");
            return null;
        }

        return value;
    }

    public long? Size(YamlElement? element, string key)
    {
        var text = Text(element, key);
        if (text is null)
        {
            return null;
        }

        if (text.TrimStart().StartsWith('-'))
        {
            problems.Add(StartOf(element!), $"'{key}' must not be negative, found '{Quoted.Cut(text)}'");
            return null;
        }

        if (!ByteSizes.TryParse(text, out var value, out var tooLarge) && tooLarge)
        {
            problems.Add(StartOf(element!), $"'{key}' is too large (at most {ByteSizes.Maximum / (1024 * 1024 * 1024)}GB), found '{Quoted.Cut(text)}'");
            return null;
        }

        if (!ByteSizes.TryParse(text, out value) || value <= 0)
        {
            problems.Add(StartOf(element!), $"'{key}': bad size '{Quoted.Cut(text)}'; {ByteSizes.Help}");
            return null;
        }

        return value;
    }

    /// <summary>One of a fixed set of words (<paramref name="choices"/> as written in YAML).</summary>
    public T? Choice<T>(YamlElement? element, string key, IReadOnlyList<(string Word, T Value)> choices)
        where T : struct
    {
        var text = Text(element, key);
        if (text is null)
        {
            return null;
        }

        foreach (var (word, value) in choices)
        {
            if (string.Equals(text.Trim(), word, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        // on_failure, OnFailure, "on failure": same letters, other separators.
        var letters = new string([.. text.Where(char.IsAsciiLetterOrDigit)]);
        var near = choices.FirstOrDefault(c => string.Equals(
            new string([.. c.Word.Where(char.IsAsciiLetterOrDigit)]), letters, StringComparison.OrdinalIgnoreCase)).Word;
        var hint = near is null ? "" : $"; did you mean '{near}'?";
        problems.Add(
            StartOf(element!),
            $"'{key}' must be one of {string.Join(", ", choices.Select(c => c.Word))}, found '{Quoted.Cut(text)}'{hint}");
        return null;
    }

    /// <summary>An empty value, <c>~</c> or <c>null</c>, unquoted: YAML's null.</summary>
    public static bool IsNull(YamlValue value) =>
        value.Scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && value.Scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    public static string Describe(YamlElement element) => element switch
    {
        YamlMapping => "a mapping",
        YamlSequence => "a list",
        YamlValue v => $"'{Quoted.Cut(v.Scalar.Value ?? "")}'",
        _ => "a value",
    };
}
