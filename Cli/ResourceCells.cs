using System.Globalization;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Cli;

/// <summary>The CPU%, MEM and PROCS cells of a <c>ps</c> row: narrow, "-" when not sampled (not running, or unknown).</summary>
internal static class ResourceCells
{
    /// <summary>Percent of one core with one decimal (150.0 = one and a half cores).</summary>
    public static string Cpu(ScriptSnapshot row) =>
        row.CpuPercent is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Resident memory of the group, as 12.3M (1M = 1024 KiB).</summary>
    public static string Memory(ScriptSnapshot row) =>
        row.RssBytes is { } rss ? HumanBytes.Format(rss) : "-";

    public static string Processes(ScriptSnapshot row) =>
        row.Processes is { } count ? count.ToString(CultureInfo.InvariantCulture) : "-";
}
