using System.Collections.Immutable;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Reads the CPU time and resident memory of every member of many process groups at once. Linux:
/// one pass over /proc/PID/stat whatever the number of groups. macOS: proc_listpids(PROC_PGRP_ONLY)
/// per group and proc_pidinfo(PROC_PIDTASKINFO) per member (no /proc there). Never throws for a
/// process that vanished or that we may not inspect: it is left out, or counted with unknown figures.
/// </summary>
internal static partial class GroupSampler
{
    /// <summary>The usage of each group in <paramref name="pgids"/> that has a live member; a group with none is absent.</summary>
    public static IReadOnlyDictionary<int, GroupUsage> Sample(IReadOnlyCollection<int> pgids)
    {
        if (pgids.Count == 0)
        {
            return ImmutableDictionary<int, GroupUsage>.Empty;
        }

        var members = OperatingSystem.IsMacOS() ? SampleMacOS(pgids) : SampleLinux(pgids);
        return members.ToDictionary(m => m.Key, m => new GroupUsage(m.Key, [.. m.Value]));
    }
}
