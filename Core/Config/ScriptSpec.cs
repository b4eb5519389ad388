using System.Collections.Immutable;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Config;

/// <summary>One entry of <c>scripts:</c>, validated, with every path absolute.</summary>
/// <param name="Cron">The expression as written; parse it with <see cref="CronSchedule.TryParse"/>.</param>
/// <param name="WorkingDirectory">From <c>context</c>; defaults to the config file's directory.</param>
/// <param name="Env">As written, before interpolation (<see cref="ScriptEnvironment"/> expands it at each start).</param>
/// <param name="EnvFileEntries">The env_file's lines as read when the config was loaded, in file order; spawning reads no file.</param>
/// <param name="EnvOrder">The keys of <paramref name="Env"/> in file order (interpolation sees the keys above); default: sorted.</param>
internal sealed record ScriptSpec(
    string Name,
    string Command,
    RestartPolicy RestartPolicy,
    int MaxRestarts,
    TimeSpan RestartDelay,
    string? Cron,
    string? Timezone,
    MissedTickPolicy Missed,
    string WorkingDirectory,
    ImmutableSortedDictionary<string, string> Env,
    string? EnvFile,
    string? Venv,
    Signal StopSignal,
    TimeSpan StopTimeout,
    ImmutableArray<EnvFileEntry> EnvFileEntries = default,
    ImmutableArray<string> EnvOrder = default)
{
    public const int DefaultMaxRestarts = 5;

    /// <summary><c>tty: true</c>: the window of the pseudo-terminal the script runs on; null for pipes.</summary>
    public TerminalSize? Terminal { get; init; }

    /// <summary><c>healthcheck</c>: the probe that judges a run's health; null without one (or with <c>disable: true</c>).</summary>
    public HealthcheckSpec? Healthcheck { get; init; }

    /// <summary><c>on_unhealthy</c>: what turning unhealthy does besides being reported.</summary>
    public UnhealthyAction OnUnhealthy { get; init; }

    public static readonly TimeSpan DefaultRestartDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>CONTRACTS.md §2: a stop never waits longer, so daemon shutdown is bounded by it plus a little.</summary>
    public static readonly TimeSpan MaxStopTimeout = TimeSpan.FromHours(1);

    /// <summary>CONTRACTS.md §2: the first backoff step; the doubling is capped separately.</summary>
    public static readonly TimeSpan MaxRestartDelay = TimeSpan.FromHours(1);

    public static readonly TimeSpan DefaultMinUptime = TimeSpan.FromSeconds(10);

    /// <summary>The largest <see cref="MinUptime"/> a config may set.</summary>
    public static readonly TimeSpan MaxMinUptime = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>min_uptime</c>: how long a run must stay up for its end to reset the consecutive-failure
    /// count (pm2's and supervisord's startsecs idea); at most <see cref="MaxMinUptime"/>.
    /// </summary>
    public TimeSpan MinUptime { get; init; } = DefaultMinUptime;

    /// <summary><c>depends_on</c>: scripts of the same file that must meet their condition before this one starts; file order, no duplicates.</summary>
    public ImmutableArray<Dependency> DependsOn { get; init; } = [];

    /// <summary>The smallest <see cref="MaxMemory"/> a config may set: 1 MiB.</summary>
    public const long MinMaxMemory = 1024 * 1024;

    /// <summary>
    /// <c>max_memory</c>: the resident memory, in bytes, summed over the script's process group, above
    /// which two samples in a row restart it; null for no limit.
    /// </summary>
    public long? MaxMemory { get; init; }

    // A record compares ImmutableSortedDictionary by reference; compare by content so two loads
    // of the same file are equal, as `th reload` expects.
    public bool Equals(ScriptSpec? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && ScriptSpecDiff.ChangedFields(this, other).IsEmpty;

    public override int GetHashCode() => HashCode.Combine(Name, Command, Cron, WorkingDirectory, Env.Count);
}
