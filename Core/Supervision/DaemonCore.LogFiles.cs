using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Core.Supervision;

/// <summary>A log file belongs to exactly one script: the check made before a config is registered or reloaded.</summary>
internal sealed partial class DaemonCore
{
    private string LogPathOf(ProjectConfig config, string name)
    {
        // One config's scripts share a folder: named once (a hash of the path), not once for each of 10,000 scripts.
        if (_logDirectory is not { } known || !ReferenceEquals(known.Config, config))
        {
            _logDirectory = known = (config, ScriptLogPaths.DirectoryOf(config, _paths.LogDir));
        }

        return ScriptLogPaths.In(known.Directory, name);
    }

    private (ProjectConfig Config, string Directory)? _logDirectory;

    /// <summary>
    /// Refuses a config whose scripts would write a file another config's script (or the daemon) writes: two
    /// writers of one file interleave and tear each other's lines. Paths are compared ignoring case, as macOS's
    /// file system does, so a config that works here works on a Mac.
    /// </summary>
    /// <exception cref="ConfigInvalidException">Each clash, naming both scripts and both configs.</exception>
    private void EnsureOwnLogFiles(ProjectConfig config)
    {
        var taken = new Dictionary<string, (string Config, string Name)>(StringComparer.OrdinalIgnoreCase);
        foreach (var other in _configs.Values)
        {
            if (other.ConfigPath == config.ConfigPath) continue;
            foreach (var spec in other.Scripts)
            {
                taken.TryAdd(LogPathOf(other, spec.Name), (other.ConfigPath, spec.Name));
            }
        }

        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        foreach (var spec in config.Scripts)
        {
            var path = LogPathOf(config, spec.Name);
            if (string.Equals(path, _paths.DaemonLog, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ConfigProblem(config.ConfigPath, 0, 0,
                    $"script '{spec.Name}' would write its log to the daemon's own log {ShellQuote.Path(path)}; set another log_dir"));
            }
            else if (taken.TryGetValue(path, out var owner))
            {
                problems.Add(new ConfigProblem(config.ConfigPath, 0, 0,
                    $"script '{spec.Name}' would write its log to {ShellQuote.Path(path)}, which script '{owner.Name}' of {ShellQuote.Path(owner.Config)} writes; give one config its own log_dir or settings.project"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigInvalidException(problems.ToImmutable(), "a log file belongs to one script; see Paths in the README");
        }
    }
}
