using System.Globalization;
using System.Text;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Daemon.Http;

/// <summary>
/// <c>GET /metrics</c> in Prometheus's text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/): for each metric a <c># HELP</c> and a
/// <c># TYPE</c> line, then its samples <c>name{label="value",...} number</c>, one per line, ending in a newline.
/// </summary>
internal static class PrometheusText
{
    public static string Render(HealthQueryResult state, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var scripts = state.Scripts;
        Metric(text, "th_script_up", "gauge", "1 while the script runs or waits for its next cron run, else 0.",
            scripts.Select(s => (ScriptLabels(s), (double?)(HealthRule.IsUp(s) ? 1 : 0))));
        Metric(text, "th_script_restarts_total", "counter", "Automatic restarts in a row (th ps RESTARTS); back to 0 when the user starts the script or a run stays up min_uptime.",
            scripts.Select(s => (ScriptLabels(s), (double?)s.Restarts)));
        Metric(text, "th_script_last_exit_code", "gauge", "Exit code of the script's last run; no sample before its first exit.",
            scripts.Select(s => (ScriptLabels(s), (double?)s.ExitCode)));
        Metric(text, "th_script_uptime_seconds", "gauge", "Seconds the current run has been up; 0 when not running.",
            scripts.Select(s => (ScriptLabels(s), (double?)(s.Status == ScriptStatus.Running ? s.UptimeSecs : 0))));
        Metric(text, "th_daemon_uptime_seconds", "gauge", "Seconds since the daemon started.",
            [("", Math.Floor((now - state.StartedAt).TotalSeconds))]);
        var loki = state.Loki.Where(l => l.Enabled).ToList();
        Metric(text, "th_loki_lines_sent_total", "counter", "Log lines Loki accepted, per Loki target.",
            loki.Select(l => (LokiLabels(l), (double?)l.LinesSent)));
        Metric(text, "th_loki_lines_dropped_total", "counter", "Log lines dropped: queue overflow, batches Loki refused, lines left at a shutdown deadline.",
            loki.Select(l => (LokiLabels(l), (double?)l.LinesDropped)));
        Metric(text, "th_loki_lines_queued", "gauge", "Log lines waiting to be pushed.",
            loki.Select(l => (LokiLabels(l), (double?)l.LinesQueued)));
        Metric(text, "th_loki_push_failing", "gauge", "1 when the last push to this Loki target failed, else 0.",
            loki.Select(l => (LokiLabels(l), (double?)(l.LastError is null ? 0 : 1))));
        return text.ToString();
    }

    private static void Metric(StringBuilder text, string name, string type, string help, IEnumerable<(string Labels, double? Value)> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            if (value is { } number)
            {
                text.Append(name).Append(labels).Append(' ').Append(number.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    private static string ScriptLabels(ScriptSnapshot script) => $"{{name=\"{Escape(script.Name)}\",config=\"{Escape(script.Config)}\"}}";

    private static string LokiLabels(LokiStatus loki) => $"{{url=\"{Escape(loki.Url)}\"}}";

    /// <summary>A label value's escapes: backslash, double quote and line feed (the format's only three).</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);
}
