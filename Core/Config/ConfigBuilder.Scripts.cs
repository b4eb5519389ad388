using System.Collections.Immutable;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Config;

internal sealed partial class ConfigBuilder
{
    private const string Scripts = ConfigFileSection.ScriptsKey;

    private static readonly (string, RestartPolicy)[] RestartPolicies =
        [("never", RestartPolicy.Never), ("on-failure", RestartPolicy.OnFailure), ("always", RestartPolicy.Always)];

    private static readonly (string, MissedTickPolicy)[] MissedTickPolicies =
        [("run_once", MissedTickPolicy.RunOnce), ("skip", MissedTickPolicy.Skip)];

    private ImmutableArray<ScriptSpec> BuildScripts(Dictionary<string, ScriptSection?>? sections)
    {
        var scripts = ImmutableArray.CreateBuilder<ScriptSpec>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        // The outline knows the file order; the dictionary only the names.
        foreach (var key in outline.KeysUnder(Scripts))
        {
            var name = key.Path[^1];
            CheckNameAsFileName(name, key.Start, names);
            // Only the first of duplicate names is listed here (the others are already reported), as in the dictionary.
            if (sections is null || !sections.TryGetValue(name, out var section))
            {
                continue;
            }

            if (BuildScript(name, key.Start, section) is { } spec)
            {
                scripts.Add(spec);
            }
        }

        CheckDependencies(scripts, sections);
        return scripts.ToImmutable();
    }

    private ScriptSpec? BuildScript(string name, SharpYaml.Mark nameMark, ScriptSection? section)
    {
        if (!IsValidScriptName(name))
        {
            problems.Add(nameMark, $"script name '{Quoted.Cut(name)}' may only use letters, digits, '-', '_' and '.' (it names the log file)");
        }
        else if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            // '-x' would read as an option on every command line that names it, '.x' as a hidden log file.
            problems.Add(nameMark, $"script name '{Quoted.Cut(name)}' must start with a letter or digit");
        }

        if (section is null)
        {
            if (!WasBlanked(Scripts, name))
            {
                problems.Add(nameMark, $"script '{Quoted.Cut(name)}' has no 'command'");
            }

            return null;
        }

        var command = _values.Text(section.Command, "command");
        if (command is null && section.Command is (null or SharpYaml.Model.YamlValue) && !WasBlanked(Scripts, name, "command"))
        {
            problems.Add(nameMark, $"script '{Quoted.Cut(name)}' has no 'command'");
        }
        else if (command is not null && command.Contains('\0'))
        {
            problems.Add(YamlValueReader.StartOf(section.Command!), $"'command' of script '{Quoted.Cut(name)}' contains a NUL character, which no command line can carry");
        }
        else if (command is not null && string.IsNullOrWhiteSpace(command))
        {
            problems.Add(YamlValueReader.StartOf(section.Command!), $"'command' of script '{Quoted.Cut(name)}' is empty");
        }

        var workingDirectory = ExistingFolder(section.Context, "context") ?? _projectDirectory;
        var env = BuildMap(section.Env, "env", Scripts, name, "env");
        var envFile = ResolvePath(section.EnvFile, "env_file");
        var envFileEntries = envFile is null ? [] : ReadEnvFile(envFile, section.EnvFile!);
        var spec = new ScriptSpec(
            name,
            command ?? "",
            _values.Choice(section.RestartPolicy, "restart_policy", RestartPolicies) ?? RestartPolicy.Never,
            _values.Integer(section.MaxRestarts, "max_restarts", minimum: 0) ?? ScriptSpec.DefaultMaxRestarts,
            _values.Duration(section.RestartDelay, "restart_delay", maximum: ScriptSpec.MaxRestartDelay) ?? ScriptSpec.DefaultRestartDelay,
            Cron(section),
            Timezone(section),
            _values.Choice(section.Missed, "missed", MissedTickPolicies) ?? MissedTickPolicy.RunOnce,
            workingDirectory,
            env,
            envFile,
            Venv(section.Venv),
            StopSignal(section) ?? Signal.Term,
            _values.Duration(section.StopTimeout, "stop_timeout", maximum: ScriptSpec.MaxStopTimeout) ?? ScriptSpec.DefaultStopTimeout,
            [.. envFileEntries.Select(e => e.Entry)],
            [.. (section.Env ?? []).Keys.Where(env.ContainsKey)])
        {
            Terminal = BuildTerminal(section),
            MinUptime = _values.Duration(section.MinUptime, "min_uptime", maximum: ScriptSpec.MaxMinUptime) ?? ScriptSpec.DefaultMinUptime,
            DependsOn = DependsOn(name, section),
            MaxMemory = MaxMemory(section),
        };
        CheckInterpolation(spec, section, envFileEntries);
        return WithHealthcheck(spec, section);
    }

    // A value that ConfigSectionReader blanked out (already reported as the wrong shape) reads as null here.
    private bool WasBlanked(params string[] path) =>
        sections.BlankedStarts.Any(start => outline.NodeAt(start) is { IsKey: false } node && node.Path.AsSpan().SequenceEqual(path));

    private string? Cron(ScriptSection section)
    {
        var text = _values.Text(section.Cron, "cron");
        if (text is null)
        {
            return null;
        }

        if (!CronSchedule.TryParse(text, out var expression, out var error))
        {
            problems.Add(YamlValueReader.StartOf(section.Cron!), error!);
            return null;
        }

        if (!CronSchedule.RunsWithin(expression!, DateTimeOffset.UtcNow, CronSchedule.NeverHorizon))
        {
            // Valid, and still a mistake: 30 February, 31 April ...
            problems.Warn(YamlValueReader.StartOf(section.Cron!), $"cron expression '{Quoted.Cut(text.Trim())}' has no run in the next {CronSchedule.NeverHorizonYears} years; the script would never start");
        }

        return text?.Trim();
    }

    private string? Timezone(ScriptSection section)
    {
        var text = _values.Text(section.Timezone, "timezone")?.Trim();
        if (text is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(text, out _))
        {
            problems.Add(
                YamlValueReader.StartOf(section.Timezone!),
                $"unknown time zone '{Quoted.Cut(text)}'; use an IANA name such as Europe/Berlin or UTC");
            return null;
        }

        return text;
    }

    private Signal? StopSignal(ScriptSection section)
    {
        var text = _values.Text(section.StopSignal, "stop_signal");
        if (text is null)
        {
            return null;
        }

        if (!SignalNames.TryParse(text, out var signal))
        {
            problems.Add(
                YamlValueReader.StartOf(section.StopSignal!),
                $"unknown stop_signal '{Quoted.Cut(text)}'; use one of TERM, INT, HUP, QUIT, KILL, USR1, USR2, ALRM, WINCH");
            return null;
        }

        return signal;
    }

    private static bool IsValidScriptName(string name) =>
        name.Length > 0
        && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
