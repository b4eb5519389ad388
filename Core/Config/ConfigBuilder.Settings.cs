namespace TurtleHarbor.Core.Config;

internal sealed partial class ConfigBuilder
{
    private const string SettingsKey = "settings";

    /// <summary>Labels th sets on every line it ships (stream and level per line); a static label may not take them over.</summary>
    private static readonly string[] ReservedLokiLabels = ["script", "stream", "service", "level"];

    private ConfigSettings BuildSettings(SettingsSection? section)
    {
        if (section is null)
        {
            return ConfigSettings.Default;
        }

        var logDir = ResolvePath(section.LogDir, "log_dir");
        return new ConfigSettings(logDir, BuildLog(section.Log), BuildLoki(section.Loki)) { Project = BuildProject(section.Project), Notify = BuildNotify(section.Notify) };
    }

    private LogSettings BuildLog(LogSection? section)
    {
        var defaults = LogSettings.Default;
        if (section is null)
        {
            return defaults;
        }

        return new LogSettings(
            _values.Integer(section.MaxLineLength, "max_line_length", minimum: 1) ?? defaults.MaxLineLength,
            _values.Size(section.MaxFileSize, "max_file_size") ?? defaults.MaxFileSize,
            _values.Integer(section.MaxFiles, "max_files", minimum: 1) ?? defaults.MaxFiles);
    }

    private LokiSettings? BuildLoki(LokiSection? section)
    {
        if (section is null)
        {
            return null;
        }

        var enabled = _values.Boolean(section.Enabled, "enabled") ?? true;
        var url = _values.Text(section.Url, "url");
        if (url is not null && !IsHttpUrl(url))
        {
            problems.Add(YamlValueReader.StartOf(section.Url!), $"'url' must be an http:// or https:// URL, found '{Quoted.Cut(url)}'");
        }
        else if (url is null && enabled)
        {
            problems.Add(KeyMark(SettingsKey, "loki"), "loki needs a 'url' (e.g. http://localhost:3100), or 'enabled: false'");
        }

        var flushInterval = _values.Duration(section.FlushInterval, "flush_interval", allowZero: false);
        var flushSeconds = _values.Integer(section.FlushIntervalSecs, "flush_interval_secs", minimum: 1);
        if (section.FlushInterval is not null && section.FlushIntervalSecs is not null)
        {
            problems.Add(
                KeyMark(SettingsKey, "loki", "flush_interval_secs"),
                "give either 'flush_interval' or 'flush_interval_secs', not both");
        }

        var labels = BuildMap(section.Labels, "label", SettingsKey, "loki", "labels");
        CheckLokiLabelNames(labels.Keys);
        return new LokiSettings(
            enabled,
            url ?? "",
            _values.Text(section.TenantId, "tenant_id"),
            labels,
            _values.Integer(section.BatchSize, "batch_size", minimum: 1) ?? LokiSettings.DefaultBatchSize,
            flushInterval ?? (flushSeconds is { } s ? TimeSpan.FromSeconds(s) : LokiSettings.DefaultFlushInterval),
            BuildAuth(section.Auth));
    }

    private LokiAuth? BuildAuth(LokiAuthSection? section)
    {
        if (section is null)
        {
            return null;
        }

        var username = _values.Text(section.Username, "username");
        var password = _values.Text(section.Password, "password");
        if (username is null || password is null)
        {
            problems.Add(KeyMark(SettingsKey, "loki", "auth"), "loki auth needs both 'username' and 'password'");
            return null;
        }

        return new LokiAuth(username, password);
    }

    /// <summary>Loki takes label names matching <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, and reserves those starting with <c>__</c>.</summary>
    private void CheckLokiLabelNames(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var mark = KeyMark(SettingsKey, "loki", "labels", name);
            if (!IsLokiLabelName(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                problems.Add(mark, $"'{Quoted.Cut(name)}' is not a label name Loki accepts: use letters, digits and '_', not starting with a digit or '__'");
            }
            else if (ReservedLokiLabels.Contains(name))
            {
                problems.Add(mark, $"label '{Quoted.Cut(name)}' is set by th itself; choose another name");
            }
        }
    }

    private static bool IsLokiLabelName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
