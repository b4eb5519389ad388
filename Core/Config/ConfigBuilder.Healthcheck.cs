using SharpYaml.Model;

namespace TurtleHarbor.Core.Config;

// healthcheck: { command | http | tcp | log | test, interval, timeout, retries, start_period, disable } and
// on_unhealthy: restart | ignore, per script (CONTRACTS.md §2, issue 17).
internal sealed partial class ConfigBuilder
{
    partial void HasHealthcheck(ScriptSection section, ref bool? has) => has = section.Healthcheck is not null;

    private const string HealthcheckKey = "healthcheck";

    private static readonly (string, UnhealthyAction)[] UnhealthyActions =
        [("ignore", UnhealthyAction.Ignore), ("restart", UnhealthyAction.Restart)];

    /// <summary>The spec with its healthcheck and on_unhealthy, each problem reported at its position.</summary>
    private ScriptSpec WithHealthcheck(ScriptSpec spec, ScriptSection section)
    {
        var healthcheck = BuildHealthcheck(spec.Name, section.Healthcheck);
        var onUnhealthy = _values.Choice(section.OnUnhealthy, "on_unhealthy", UnhealthyActions) ?? UnhealthyAction.Ignore;
        if (onUnhealthy == UnhealthyAction.Restart && section.Healthcheck is null)
        {
            problems.Add(YamlValueReader.StartOf(section.OnUnhealthy!), "'on_unhealthy: restart' needs a 'healthcheck' to tell when the script is unhealthy");
        }
        else if (onUnhealthy == UnhealthyAction.Restart && spec.RestartPolicy == RestartPolicy.Never)
        {
            problems.Add(
                YamlValueReader.StartOf(section.OnUnhealthy!),
                "'on_unhealthy: restart' restarts through the restart policy, which is 'never' here; set 'restart_policy: on-failure' or 'always'");
        }

        return spec with { Healthcheck = healthcheck, OnUnhealthy = onUnhealthy };
    }

    private HealthcheckSpec? BuildHealthcheck(string name, HealthcheckSection? section)
    {
        if (section is null)
        {
            return null;
        }

        var interval = _values.Duration(section.Interval, "interval", allowZero: false, maximum: HealthcheckSpec.MaxDuration);
        var timeout = _values.Duration(section.Timeout, "timeout", allowZero: false, maximum: HealthcheckSpec.MaxDuration);
        var startPeriod = _values.Duration(section.StartPeriod, "start_period", maximum: HealthcheckSpec.MaxDuration);
        var retries = _values.Integer(section.Retries, "retries", minimum: 1);
        CheckAtLeast(section.Interval, "interval", interval);
        CheckAtLeast(section.Timeout, "timeout", timeout);
        var probe = Probe(name, section);
        if (_values.Boolean(section.Disable, "disable") == true || probe is null)
        {
            return null;
        }

        return new HealthcheckSpec(
            probe.Value.Kind,
            probe.Value.Target,
            interval ?? HealthcheckSpec.DefaultInterval,
            timeout ?? HealthcheckSpec.DefaultTimeout,
            retries ?? HealthcheckSpec.DefaultRetries,
            startPeriod ?? TimeSpan.Zero);
    }

    private void CheckAtLeast(YamlElement? element, string key, TimeSpan? value)
    {
        if (value is { } v && v > TimeSpan.Zero && v < HealthcheckSpec.MinDuration)
        {
            problems.Add(YamlValueReader.StartOf(element!), $"'{key}' must be at least {Durations.Format(HealthcheckSpec.MinDuration)}, found '{Durations.Format(v)}'");
        }
    }

    /// <summary>The one probe of the section; null (reported) when there is none, more than one, or a bad one; null unreported for <c>test: ["NONE"]</c>.</summary>
    private (HealthProbeKind Kind, string Target)? Probe(string name, HealthcheckSection section)
    {
        var written = new List<(string Key, YamlElement Element)>();
        foreach (var (key, element) in new[] { ("command", section.Command), ("http", section.Http), ("tcp", section.Tcp), ("log", section.Log), ("test", section.Test) })
        {
            if (element is not null)
            {
                written.Add((key, element));
            }
        }

        if (written.Count == 0)
        {
            if (_values.Boolean(section.Disable, "disable") != true)
            {
                problems.Add(KeyMark(Scripts, name, HealthcheckKey), $"the healthcheck of script '{Quoted.Cut(name)}' needs one probe: command, http, tcp or log");
            }

            return null;
        }

        if (written.Count > 1)
        {
            // Point at the second in the file: the first one written is the one the user most likely meant.
            written.Sort((a, b) => YamlValueReader.StartOf(a.Element).Index.CompareTo(YamlValueReader.StartOf(b.Element).Index));
            problems.Add(
                YamlValueReader.StartOf(written[1].Element),
                $"a healthcheck has exactly one probe, found {string.Join(" and ", written.Select(w => $"'{w.Key}'"))}");
            return null;
        }

        var (probeKey, value) = written[0];
        return probeKey switch
        {
            "command" => CommandProbe(value, "command"),
            "http" => HttpProbe(value),
            "tcp" => TcpProbe(value),
            "log" => LogProbe(value),
            _ => ComposeTest(value),
        };
    }

    private (HealthProbeKind, string)? CommandProbe(YamlElement element, string key)
    {
        var text = _values.Text(element, key);
        if (text is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text) || text.Contains('\0'))
        {
            problems.Add(YamlValueReader.StartOf(element), $"the healthcheck's '{key}' must be a command line, found '{Quoted.Cut(text)}'");
            return null;
        }

        return (HealthProbeKind.Command, text);
    }

    private (HealthProbeKind, string)? HttpProbe(YamlElement element)
    {
        var text = _values.Text(element, "http")?.Trim();
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            problems.Add(YamlValueReader.StartOf(element), $"the healthcheck's 'http' must be an http:// or https:// URL (e.g. http://localhost:8080/health), found '{Quoted.Cut(text)}'");
            return null;
        }

        return (HealthProbeKind.Http, text);
    }

    private (HealthProbeKind, string)? TcpProbe(YamlElement element)
    {
        var text = _values.Text(element, "tcp")?.Trim();
        if (text is null)
        {
            return null;
        }

        if (!TcpTarget.TryParse(text, out var target))
        {
            problems.Add(YamlValueReader.StartOf(element), $"the healthcheck's 'tcp' must be HOST:PORT with a port from 1 to 65535 (e.g. localhost:5432 or [::1]:5432), found '{Quoted.Cut(text)}'");
            return null;
        }

        return (HealthProbeKind.Tcp, target.ToString());
    }

    private (HealthProbeKind, string)? LogProbe(YamlElement element)
    {
        var text = _values.Text(element, "log");
        if (text is null)
        {
            return null;
        }

        string? error = "is empty";
        if (text.Length == 0 || HealthLogPattern.TryCreate(text, out error) is null)
        {
            problems.Add(YamlValueReader.StartOf(element), $"the healthcheck's 'log' pattern '{Quoted.Cut(text)}' {error}");
            return null;
        }

        return (HealthProbeKind.Log, text);
    }

    /// <summary>Compose's <c>test:</c>: a string or <c>["CMD-SHELL", line]</c> runs through the shell, <c>["CMD", prog, args...]</c> as quoted words, <c>["NONE"]</c> disables.</summary>
    private (HealthProbeKind, string)? ComposeTest(YamlElement element)
    {
        if (element is not YamlSequence list)
        {
            return CommandProbe(element, "test");
        }

        var words = new List<string>();
        foreach (var item in list)
        {
            if (item is not YamlValue { Scalar.Value: { } word })
            {
                problems.Add(YamlValueReader.StartOf(item), "the healthcheck's 'test' list holds strings only");
                return null;
            }

            words.Add(word);
        }

        switch (words)
        {
            case ["NONE"]:
                return null;
            case ["CMD-SHELL", _]:
                return CommandProbe(list[1], "test");
            case ["CMD", _, ..] when words.All(w => !w.Contains('\0')):
                return (HealthProbeKind.Command, string.Join(' ', words.Skip(1).Select(ShellWord)));
            default:
                problems.Add(
                    YamlValueReader.StartOf(element),
                    "the healthcheck's 'test' must be [\"CMD\", program, args...], [\"CMD-SHELL\", \"command line\"], [\"NONE\"] or a command line");
                return null;
        }
    }

    /// <summary>One word for /bin/sh: as it is when plain, else single-quoted (POSIX quoting keeps every character but the quote itself).</summary>
    private static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '@' or '%' or ',' or '=')
            ? word
            : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
