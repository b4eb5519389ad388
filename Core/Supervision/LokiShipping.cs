using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Logging;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The daemon's Loki pushers: one per distinct connection setting (url, tenant, auth, batching), shared by
/// every config that has it; labels are per config and travel with each line. Script lines go through the
/// pusher of their config; the daemon's own log goes to every pusher once, with the static labels of the
/// first config (by path) that uses it. Owned by the core loop except <see cref="StopAsync"/> at the end.
/// </summary>
internal sealed class LokiShipping(LokiDaemonLogSink daemonLogs, TimeProvider time, ILogger log)
{
    public const string Job = "turtle-harbor";
    public const string DaemonService = "turtle-harbor-daemon";

    private static readonly TimeSpan RetiredFlushDeadline = TimeSpan.FromSeconds(3);

    private readonly Dictionary<LokiPusherOptions, LokiPusher> _pushers = [];
    private readonly string _host = Environment.MachineName;

    /// <summary>Test seam: what a pusher is made of (the default adds nothing).</summary>
    internal Func<LokiPusherOptions, LokiPusherOptions> Tune { get; init; } = static o => o;

    /// <summary>Makes the pushers match the configs: starts new ones, retires unused ones (flushing them in the background).</summary>
    public void Update(IEnumerable<ProjectConfig> configs)
    {
        var ordered = configs.OrderBy(c => c.ConfigPath, StringComparer.Ordinal).ToList();
        var wanted = new Dictionary<LokiPusherOptions, ProjectConfig>();
        foreach (var config in ordered)
        {
            if (OptionsOf(config) is { } options)
            {
                wanted.TryAdd(options, config);
            }
        }

        foreach (var (options, pusher) in _pushers.Where(p => !wanted.ContainsKey(p.Key)).ToList())
        {
            _pushers.Remove(options);
            _ = RetireAsync(pusher);
        }

        foreach (var options in wanted.Keys.Where(o => !_pushers.ContainsKey(o)))
        {
            _pushers[options] = new LokiPusher(options, time, reason => log.LokiPushFailed(reason));
            log.LokiStarted(options.Url);
        }

        daemonLogs.SetTargets(wanted.Select(w => (_pushers[w.Key], (IReadOnlyDictionary<string, string>)DaemonLabels(w.Value))));
    }

    /// <summary>The listener a script of <paramref name="config"/> should have, or null when its config ships nothing.</summary>
    public LokiScriptListener? ListenerFor(ProjectConfig config, string script) =>
        OptionsOf(config) is { } options && _pushers.TryGetValue(options, out var pusher)
            ? new LokiScriptListener(pusher, ScriptLabels(config, script))
            : null;

    public ImmutableArray<LokiStatus> Status(IEnumerable<ProjectConfig> configs)
    {
        var rows = new List<LokiStatus>();
        foreach (var group in configs.Where(c => c.Settings.Loki is not null).OrderBy(c => c.ConfigPath, StringComparer.Ordinal).GroupBy(OptionsOf))
        {
            var paths = group.Select(c => c.ConfigPath).ToList();
            if (group.Key is { } options && _pushers.TryGetValue(options, out var pusher))
            {
                var stats = pusher.Stats();
                rows.Add(new LokiStatus(true, stats.Url, stats.LinesSent, stats.LinesDropped, stats.LinesQueued, stats.LastError, stats.LastErrorAt, paths));
                continue;
            }

            foreach (var config in group)
            {
                rows.Add(new LokiStatus(false, config.Settings.Loki!.Url, 0, 0, 0, null, null, [config.ConfigPath]));
            }
        }

        return [.. rows];
    }

    /// <summary>Flushes every pusher for up to <paramref name="deadline"/>, then drops what is left (logged with its count).</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        daemonLogs.SetTargets([]);
        var pushers = _pushers.Values.ToList();
        _pushers.Clear();
        await Task.WhenAll(pushers.Select(p => StopOneAsync(p, deadline)));
    }

    private async Task RetireAsync(LokiPusher pusher) => await StopOneAsync(pusher, RetiredFlushDeadline);

    private async Task StopOneAsync(LokiPusher pusher, TimeSpan deadline)
    {
        var dropped = await pusher.StopAsync(deadline);
        if (dropped > 0)
        {
            log.LokiDroppedAtShutdown(pusher.Options.Url, dropped);
        }

        var stats = pusher.Stats();
        log.LokiStopped(stats.Url, stats.LinesSent, stats.LinesDropped);
        await pusher.DisposeAsync();
    }

    private LokiPusherOptions? OptionsOf(ProjectConfig config) =>
        config.Settings.Loki is { Enabled: true } loki
            ? Tune(new LokiPusherOptions(loki.Url, loki.TenantId, loki.Auth?.Username, loki.Auth?.Password, loki.BatchSize, loki.FlushInterval))
            : null;

    private ImmutableSortedDictionary<string, string> ScriptLabels(ProjectConfig config, string script)
    {
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        labels["job"] = Job;
        labels["project"] = Path.GetFileName(config.ProjectDirectory.TrimEnd('/')) is { Length: > 0 } name ? name : "/";
        labels["host"] = _host;
        foreach (var (key, value) in config.Settings.Loki!.Labels)
        {
            labels[key] = value;
        }

        labels["script"] = script;
        return labels.ToImmutable();
    }

    private ImmutableSortedDictionary<string, string> DaemonLabels(ProjectConfig config)
    {
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        labels["host"] = _host;
        foreach (var (key, value) in config.Settings.Loki!.Labels)
        {
            labels[key] = value;
        }

        labels["service"] = DaemonService;
        return labels.ToImmutable();
    }
}
