using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging;

namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// Where the daemon's own log lines go in Loki: the pushers the daemon currently has, each with its labels
/// (<c>service="turtle-harbor-daemon"</c>, <c>host</c>, static labels) plus <c>level</c>. Created before the
/// logger factory and filled by the daemon as configs come and go; empty means Loki is off.
/// </summary>
internal sealed class LokiDaemonLogSink(TimeProvider time)
{
    /// <summary>The pushers' own category: never shipped, so a failing Loki cannot feed itself its errors.</summary>
    public const string OwnCategory = "th.loki";

    private static readonly LogLevel[] Levels =
        [LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical];

    private ImmutableArray<(LokiPusher Pusher, LokiLabelSet[] ByLevel)> _targets = [];

    public bool IsEmpty => _targets.IsEmpty;

    public void SetTargets(IEnumerable<(LokiPusher Pusher, IReadOnlyDictionary<string, string> Labels)> targets)
    {
        var built = targets
            .Select(t => (t.Pusher, Levels.Select(level => LokiLabelSet.Create(
                [.. t.Labels, new KeyValuePair<string, string>("level", LevelName(level))])).ToArray()))
            .ToImmutableArray();
        ImmutableInterlocked.InterlockedExchange(ref _targets, built);
    }

    public void Write(LogLevel level, string message)
    {
        var targets = _targets;
        if (targets.IsEmpty || level is < LogLevel.Trace or > LogLevel.Critical)
        {
            return;
        }

        var now = time.GetUtcNow();
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(message.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(message, buffer);
            foreach (var (pusher, byLevel) in targets)
            {
                pusher.Enqueue(byLevel[(int)level], now, buffer.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The values Grafana recognises for its log level colouring.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "critical",
    };
}
