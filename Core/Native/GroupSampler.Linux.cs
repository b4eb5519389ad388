namespace TurtleHarbor.Core.Native;

internal static partial class GroupSampler
{
    /// <summary>
    /// One pass over /proc (<see cref="ProcStat.ReadAll"/>): utime + stime (fields 14, 15, in
    /// sysconf(_SC_CLK_TCK) ticks) and rss (field 24, pages) of every process whose group (field 5) is
    /// asked for; zombies are skipped, as the live-group checks do.
    /// </summary>
    private static Dictionary<int, List<ProcessUsage>> SampleLinux(IReadOnlyCollection<int> pgids)
    {
        var wanted = pgids as IReadOnlySet<int> ?? pgids.ToHashSet();
        var nanosecondsPerTick = 1_000_000_000L / ClockTicksPerSecond();
        long pageSize = Environment.SystemPageSize;
        var members = new Dictionary<int, List<ProcessUsage>>();
        foreach (var stat in ProcStat.ReadAll())
        {
            if (stat.State is 'Z' or 'X' || !wanted.Contains(stat.ProcessGroupId))
            {
                continue;
            }

            if (!members.TryGetValue(stat.ProcessGroupId, out var list))
            {
                members[stat.ProcessGroupId] = list = [];
            }

            list.Add(new ProcessUsage(stat.Pid, (stat.UserTicks + stat.SystemTicks) * nanosecondsPerTick, stat.RssPages * pageSize));
        }

        return members;
    }

    /// <summary>USER_HZ, the unit of /proc's times: 100 on every Linux th runs on, asked anyway.</summary>
    private static long ClockTicksPerSecond()
    {
        var ticks = Libc.sysconf(Libc.Sysconf.ClockTicks);
        return ticks > 0 ? ticks : 100;
    }
}
