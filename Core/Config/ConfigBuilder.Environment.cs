using System.Collections;
using System.Collections.Immutable;
using SharpYaml.Model;
using TurtleHarbor.Core.Errors;
using Path = System.IO.Path;

namespace TurtleHarbor.Core.Config;

/// <summary>What a script needs from the file system to start: its folder, its env_file and its venv, checked at load.</summary>
internal sealed partial class ConfigBuilder
{
    private Dictionary<string, string>? _processEnvironment;

    /// <summary>The environment of this process (the client's for validate, the daemon's for up), for undefined-name warnings.</summary>
    private Dictionary<string, string> ProcessEnvironment => _processEnvironment ??= Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    /// <summary>A path that must be an existing folder: <c>context</c>.</summary>
    private string? ExistingFolder(YamlElement? element, string key)
    {
        var path = ResolvePath(element, key);
        if (path is null)
        {
            return null;
        }

        var written = Quoted.Cut(_values.Text(element, key) ?? path);
        if (File.Exists(path))
        {
            problems.Add(YamlValueReader.StartOf(element!), $"{key} '{written}' is a file, not a folder");
        }
        else if (!Directory.Exists(path))
        {
            problems.Add(YamlValueReader.StartOf(element!), $"{key} '{written}' does not exist (looked for {Paths.ShellQuote.Path(path)})");
        }

        return path;
    }

    /// <summary>A virtualenv: its <c>bin</c> folder must exist, or the script would quietly run the system's Python.</summary>
    private string? Venv(YamlElement? element)
    {
        var path = ResolvePath(element, "venv");
        if (path is null)
        {
            return null;
        }

        var written = Quoted.Cut(_values.Text(element, "venv") ?? path);
        var bin = Path.Combine(written.TrimEnd('/'), "bin");
        if (!Directory.Exists(Path.Combine(path, "bin")))
        {
            problems.Add(YamlValueReader.StartOf(element!), $"venv '{written}' does not exist (looked for {bin})");
        }

        return path;
    }

    /// <summary>Every line of the env_file, each malformed one a problem at its own file:line:column.</summary>
    private ImmutableArray<EnvFile.PositionedEntry> ReadEnvFile(string path, YamlElement element)
    {
        string text;
        try
        {
            text = ConfigFileReader.Read(path, "env_file");
        }
        catch (ConfigInvalidException e)
        {
            foreach (var problem in e.Problems)
            {
                if (problem.Line > 0)
                {
                    problems.Add(problem);
                }
                else
                {
                    problems.Add(YamlValueReader.StartOf(element), problem.Message);
                }
            }

            return [];
        }
        catch (ThException e)
        {
            problems.Add(YamlValueReader.StartOf(element), e.Message);
            return [];
        }

        var found = new List<ConfigProblem>();
        var entries = EnvFile.ParseEntries(text, path, found);
        found.ForEach(problems.Add);
        return entries;
    }

    /// <summary>Refuses a value that cannot be expanded; warns about names that expand to nothing here.</summary>
    private void CheckInterpolation(ScriptSpec spec, ScriptSection section, ImmutableArray<EnvFile.PositionedEntry> fileEntries)
    {
        var syntaxOk = true;
        foreach (var (entry, line, column) in fileEntries)
        {
            if (!entry.Literal && EnvInterpolation.Expand(entry.Value, _ => "").Error is { } error)
            {
                problems.Add(new ConfigProblem(spec.EnvFile!, line, column + error.Index, $"'{entry.Key}': {error.Message}"));
                syntaxOk = false;
            }
        }

        foreach (var (key, value) in spec.Env)
        {
            if (EnvInterpolation.Expand(value, _ => "").Error is { } error)
            {
                problems.Add(EnvMark(section, key), $"env '{Quoted.Cut(key)}': {error.Message}");
                syntaxOk = false;
            }
        }

        // Nothing to expand, so nothing to warn about: skip building a copy of the whole environment, which on
        // every load of a large config left megabytes of garbage in the daemon (measured: about 5.5 MiB of RSS after an up of 300 scripts).
        if (!syntaxOk || (spec.Env.Count == 0 && fileEntries.IsEmpty))
        {
            return;
        }

        ScriptEnvironment.Build(spec, ProcessEnvironment, (key, name, index) =>
        {
            var message = $"'${name}' is not set, so '{Quoted.Cut(key)}' gets an empty string there (give a default: ${{{name}:-value}})";
            if (index >= 0)
            {
                problems.Warn(new ConfigProblem(spec.EnvFile!, fileEntries[index].Line, fileEntries[index].ValueColumn, message));
            }
            else
            {
                problems.Warn(EnvMark(section, key), message);
            }
        });
    }

    private static SharpYaml.Mark EnvMark(ScriptSection section, string key) =>
        section.Env?.GetValueOrDefault(key) is { } element ? YamlValueReader.StartOf(element) : SharpYaml.Mark.Empty;
}
