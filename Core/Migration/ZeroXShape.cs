using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Migration;

/// <summary>
/// What only one of the two versions writes, so that <c>th migrate</c> leaves a config of this version alone and
/// <c>th validate</c> can point a 0.x config at <c>th migrate</c>. 0.x's keys are those of its
/// src/common/config.rs (command, restart_policy always|never, max_restarts, cron, context, env, env_file, venv;
/// settings.log_dir and settings.loki with url and labels).
/// </summary>
internal static class ZeroXShape
{
    private static readonly HashSet<string> NewScriptKeys =
    [
        "restart_delay", "timezone", "missed", "stop_signal", "stop_timeout", "tty", "tty_size", "min_uptime",
        "depends_on", "healthcheck", "on_unhealthy", "max_memory",
    ];

    private static readonly HashSet<string> NewSettingsKeys = ["log", "project", "notify"];

    private static readonly HashSet<string> NewLokiKeys = ["enabled", "tenant_id", "batch_size", "flush_interval", "flush_interval_secs", "auth"];

    /// <summary>Why the file is already in this version's form (for the user), or null when it could be a 0.x config.</summary>
    public static string? NewFormReason(YamlOutline outline)
    {
        if (outline.KeysUnder().FirstOrDefault(k => k.Text!.StartsWith("x-", StringComparison.Ordinal)) is { } extension)
        {
            return $"'{extension.Text}' on line {extension.Start.Line + 1} is not a 0.x setting";
        }

        if ((First(outline.KeysUnder("settings"), NewSettingsKeys) ?? First(outline.KeysUnder("settings", "loki"), NewLokiKeys)) is { } setting)
        {
            return $"'{string.Join('.', setting.Path)}' on line {setting.Start.Line + 1} is not a 0.x setting";
        }

        foreach (var script in outline.KeysUnder(ConfigFileSection.ScriptsKey))
        {
            var name = script.Text!;
            if (First(outline.KeysUnder(ConfigFileSection.ScriptsKey, name), NewScriptKeys) is { } key)
            {
                return $"'{key.Text}' in script '{name}' on line {key.Start.Line + 1} is not a 0.x setting";
            }

            if (Scalar(outline.ValueAt(ConfigFileSection.ScriptsKey, name, "restart_policy")) is { Text: not ("always" or "never") } policy)
            {
                return $"'restart_policy: {policy.Text}' in script '{name}' on line {policy.Start.Line + 1} is not a 0.x setting";
            }

            var cron = Scalar(outline.ValueAt(ConfigFileSection.ScriptsKey, name, "cron"));
            if (cron is not null && FieldCount(cron.Text!) == 5)
            {
                return $"the 5-field cron of script '{name}' on line {cron.Start.Line + 1} is not 0.x's form (0.x needed seconds first)";
            }

            if (cron is not null && ZeroXCron.HasSundayZero(cron.Text!))
            {
                return $"the cron of script '{name}' on line {cron.Start.Line + 1} has weekday 0, which 0.x refused (its Sunday was 1)";
            }
        }

        return null;
    }

    /// <summary>
    /// Why the file looks like a 0.x config that was not migrated (a 7-field cron, or <c>always</c> on a cron script),
    /// or null.
    /// </summary>
    public static string? ZeroXReason(YamlOutline outline)
    {
        foreach (var script in outline.KeysUnder(ConfigFileSection.ScriptsKey))
        {
            var name = script.Text!;
            var cron = Scalar(outline.ValueAt(ConfigFileSection.ScriptsKey, name, "cron"));
            if (cron is not null && ZeroXCron.HasYearField(cron.Text!))
            {
                return $"script '{name}' has a 7-field cron (0.x's seconds-first form with a year)";
            }

            if (cron is not null && Scalar(outline.ValueAt(ConfigFileSection.ScriptsKey, name, "restart_policy")) is { Text: "always" })
            {
                return $"script '{name}' combines 'restart_policy: always' with cron, which here re-runs a job that succeeded";
            }
        }

        return null;
    }

    private static YamlOutline.Node? First(IEnumerable<YamlOutline.Node> keys, HashSet<string> names) =>
        keys.FirstOrDefault(k => names.Contains(k.Text!));

    private static YamlOutline.Node? Scalar(YamlOutline.Node? node) => node is { Kind: YamlOutline.NodeKind.Scalar, Text: not null } ? node : null;

    private static int FieldCount(string cron) => cron.Trim().StartsWith('@') ? 0 : cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
