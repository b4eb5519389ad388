using System.Collections.Immutable;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// <c>th daemon --http</c>'s one question to the loop: every script's snapshot with its desired state,
/// and the Loki counters, taken together so that one HTTP answer reads one moment.
/// </summary>
internal sealed record HealthQueryCommand : DaemonCommand;

/// <param name="Scripts">Every script the daemon knows, as <c>th ps --all</c> orders them, each with <see cref="ScriptSnapshot.Desired"/> set.</param>
/// <param name="StartedAt">When the daemon started (UTC).</param>
internal sealed record HealthQueryResult(ImmutableArray<ScriptSnapshot> Scripts, DateTimeOffset StartedAt, ImmutableArray<LokiStatus> Loki) : CommandResult;

internal sealed partial class DaemonCore
{
    private HealthQueryResult HealthQuery()
    {
        var now = _time.GetUtcNow();
        var scripts = _scripts.Values
            .OrderBy(s => s.Key.ConfigPath, StringComparer.Ordinal)
            .ThenBy(s => ConfigOrder(s.Key))
            .Select(s => s.Snapshot(now, ProcessesLeft(s)) with { Desired = s.Desired });
        return new HealthQueryResult([.. scripts], _startedAt, _loki.Status(_configs.Values));
    }
}
