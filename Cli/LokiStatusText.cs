using System.Globalization;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Cli;

/// <summary>The Loki lines of <c>th daemon status</c>.</summary>
internal static class LokiStatusText
{
    public static IEnumerable<string> Lines(IReadOnlyList<LokiStatus>? targets, DateTimeOffset now)
    {
        if (targets is not { Count: > 0 })
        {
            yield return "loki     off (no config has a loki section)";
            yield break;
        }

        foreach (var loki in targets)
        {
            if (!loki.Enabled)
            {
                yield return $"loki     {loki.Url}: disabled (enabled: false)";
                continue;
            }

            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"loki     {loki.Url}: {loki.LinesSent} lines sent, {loki.LinesDropped} dropped, {loki.LinesQueued} queued");
            if (loki is { LastError: { } error, LastErrorAt: { } at })
            {
                var ago = HumanDuration.Format(now - at);
                yield return $"         last error {ago} ago: {error}";
            }
        }
    }
}
