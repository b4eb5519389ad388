using System.Globalization;
using TurtleHarbor.Cli.Commands;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Cli.Top;

/// <summary>The text of each cell of a <c>th top</c> row; a figure the daemon did not give (not sampled, not running) is "-".</summary>
internal static class TopCells
{
    public static readonly string[] Headers = ["NAME", "STATUS", "HEALTH", "CPU", "MEM", "RESTARTS", "UPTIME", "NEXT RUN"];

    /// <summary>Columns whose figures line up on the right.</summary>
    public static readonly bool[] RightAligned = [false, false, false, true, true, true, true, false];

    public static string[] Of(ScriptSnapshot row, TimeZoneInfo zone) =>
    [
        row.Name,
        PsCommand.StatusText(row with { Health = null }), // health has its own column here
        row.Health is { } health ? health.ToString().ToLowerInvariant() : "-",
        row.CpuPercent is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-",
        row.RssBytes is { } rss ? Bytes(rss) : "-",
        row.Restarts.ToString(CultureInfo.InvariantCulture),
        row.Status == ScriptStatus.Running ? HumanDuration.Format(TimeSpan.FromSeconds(row.UptimeSecs)) : "-",
        row.NextRun is { } next ? TimeZoneInfo.ConvertTime(next, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-",
    ];

    /// <summary>Binary units as top prints them: 512B, 3.4K, 120.5M, 1.2G.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "K", "M", "G", "T"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? $"{bytes}B"
            : value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + units[unit];
    }

    /// <summary>SGR colour of a status, as th ps uses them; null for none.</summary>
    public static string? StatusColor(ScriptStatus status) => status switch
    {
        ScriptStatus.Running => "32",
        ScriptStatus.Failed => "31",
        ScriptStatus.Restarting or ScriptStatus.Stopping => "33",
        ScriptStatus.Waiting => "36",
        _ => null,
    };

    public static string? HealthColor(HealthStatus? health) => health switch
    {
        HealthStatus.Healthy => "32",
        HealthStatus.Unhealthy => "31",
        HealthStatus.Starting => "33",
        _ => null,
    };
}
