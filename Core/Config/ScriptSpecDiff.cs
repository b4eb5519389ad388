using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>Which fields of a script changed between two loads, by their YAML key names (for <c>th reload</c>).</summary>
internal static class ScriptSpecDiff
{
    public static ImmutableArray<string> ChangedFields(ScriptSpec before, ScriptSpec after)
    {
        // Most scripts of a reload are unchanged: no builder for them (10,000 scripts, one changed line).
        ImmutableArray<string>.Builder? changed = null;
        void Check(bool same, string key)
        {
            if (!same)
            {
                (changed ??= ImmutableArray.CreateBuilder<string>()).Add(key);
            }
        }

        Check(Same(before.Command, after.Command), "command");
        Check(before.RestartPolicy == after.RestartPolicy, "restart_policy");
        Check(before.MaxRestarts == after.MaxRestarts, "max_restarts");
        Check(before.RestartDelay == after.RestartDelay, "restart_delay");
        Check(Same(before.Cron, after.Cron), "cron");
        Check(Same(before.Timezone, after.Timezone), "timezone");
        Check(before.Missed == after.Missed, "missed");
        Check(Same(before.WorkingDirectory, after.WorkingDirectory), "context");
        Check(SameEnv(before.Env, after.Env), "env");
        Check(Same(before.EnvFile, after.EnvFile) && SameEntries(before.EnvFileEntries, after.EnvFileEntries), "env_file");
        Check(Same(before.Venv, after.Venv), "venv");
        Check(before.StopSignal == after.StopSignal, "stop_signal");
        Check(before.StopTimeout == after.StopTimeout, "stop_timeout");
        Check(before.Terminal is null == after.Terminal is null, "tty");
        Check(before.Terminal is null || after.Terminal is null || before.Terminal == after.Terminal, "tty_size");
        Check(before.MinUptime == after.MinUptime, "min_uptime");
        Check(before.DependsOn.SequenceEqual(after.DependsOn), "depends_on");
        Check(before.Healthcheck == after.Healthcheck, "healthcheck");
        Check(before.OnUnhealthy == after.OnUnhealthy, "on_unhealthy");
        Check(before.MaxMemory == after.MaxMemory, "max_memory");
        return changed?.ToImmutable() ?? [];
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    private static bool SameEntries(ImmutableArray<EnvFileEntry> a, ImmutableArray<EnvFileEntry> b) =>
        (a.IsDefault ? [] : a).SequenceEqual(b.IsDefault ? [] : b);

    private static bool SameEnv(ImmutableSortedDictionary<string, string> a, ImmutableSortedDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !Same(value, other))
            {
                return false;
            }
        }

        return true;
    }
}
