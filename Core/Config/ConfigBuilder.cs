using System.Collections.Immutable;
using SharpYaml.Model;
using Path = System.IO.Path;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Turns the sections read by <see cref="ConfigSectionReader"/> into the immutable config records, checking every
/// value and reporting each problem at its position; never stops at the first.
/// </summary>
internal sealed partial class ConfigBuilder(
    string configPath,
    YamlOutline outline,
    ConfigSectionReader.Result sections,
    ConfigProblemList problems)
{
    private readonly string _projectDirectory = Path.GetDirectoryName(configPath) ?? "/";
    private readonly YamlValueReader _values = new(problems);

    /// <summary>The config, or null when any problem was found (they are all in the problem list).</summary>
    public ProjectConfig? Build()
    {
        var settings = BuildSettings(sections.File?.Settings);
        var scripts = BuildScripts(sections.File?.Scripts);
        return problems.IsEmpty ? new ProjectConfig(configPath, _projectDirectory, settings, scripts) : null;
    }

    /// <summary>A path from the file: <c>~</c> is the home directory, relative paths start at the config's directory.</summary>
    private string? ResolvePath(YamlElement? element, string key)
    {
        var text = _values.Text(element, key);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0 || text.Contains('\0'))
        {
            problems.Add(YamlValueReader.StartOf(element!), $"'{key}' must be a path, found '{Quoted.Cut(text)}'");
            return null;
        }

        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal))
        {
            text = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + text[1..];
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(text, _projectDirectory));
    }

    /// <summary>Where to point at something that is missing: its key, else the key of its parent.</summary>
    private SharpYaml.Mark KeyMark(params string[] path)
    {
        for (var length = path.Length; length > 0; length--)
        {
            if (outline.KeyAt(path.AsSpan(0, length)) is { } key)
            {
                return key.Start;
            }
        }

        return SharpYaml.Mark.Empty;
    }

    private ImmutableSortedDictionary<string, string> BuildMap(
        Dictionary<string, YamlElement?>? map, string key, params string[] path)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, element) in map ?? [])
        {
            if (name.Length == 0 || name.Contains('=') || name.Contains('\0'))
            {
                problems.Add(KeyMark([.. path, name]), $"'{Quoted.Cut(name)}' is not a valid {key} name");
                continue;
            }

            if (element is YamlMapping or YamlSequence)
            {
                problems.Add(
                    YamlValueReader.StartOf(element),
                    $"{key} value '{Quoted.Cut(name)}' must be a string, number or bool, found {YamlValueReader.Describe(element)}");
                continue;
            }

            var value = _values.Text(element, name) ?? "";
            if (value.Contains('\0'))
            {
                problems.Add(YamlValueReader.StartOf(element!), $"{key} value '{Quoted.Cut(name)}' contains a NUL character, which no environment variable can carry");
                continue;
            }

            builder[name] = value;
        }

        return builder.ToImmutable();
    }
}
