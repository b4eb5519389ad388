using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Turns samples of process groups into <see cref="GroupResources"/>: CPU% is the CPU time the
/// group's members used between this sample and the previous one of the same group, over the wall
/// time between them. Counted per member: a member that left the group (or exited) since the
/// previous sample takes its CPU time with it and adds nothing, so the figure never goes negative; a
/// member that joined counts all its CPU time, which it used since then. A group's first sample has
/// no previous one: its CPU% is averaged over the run's life so far, as ps(1) does. Owned by the core loop.
/// </summary>
internal sealed class ResourceMeter(TimeProvider time)
{
    /// <summary>
    /// Samples closer than this to the previous one (two clients asking at once) keep the previous
    /// CPU% and the previous baseline: a few milliseconds would make the figure all noise.
    /// </summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<int, Baseline> _baselines = [];

    /// <summary>
    /// The figures of group <paramref name="pgid"/> from <paramref name="usage"/> (null: the sample
    /// found no live member), remembered as the baseline of the group's next sample.
    /// </summary>
    /// <param name="runStartedAt">When the run owning the group started: the interval of a first sample.</param>
    public GroupResources Record(int pgid, GroupUsage? usage, DateTimeOffset runStartedAt)
    {
        var now = time.GetTimestamp();
        if (usage is null || usage.Processes.IsEmpty)
        {
            _baselines.Remove(pgid);
            return new GroupResources(null, null, 0);
        }

        var cpu = new Dictionary<int, long>();
        foreach (var process in usage.Processes)
        {
            if (process.CpuNanoseconds is { } nanoseconds)
            {
                cpu[process.Pid] = nanoseconds;
            }
        }

        double? percent;
        if (_baselines.TryGetValue(pgid, out var previous))
        {
            var elapsed = time.GetElapsedTime(previous.Timestamp, now);
            if (elapsed < MinimumInterval)
            {
                return new GroupResources(previous.CpuPercent, usage.RssBytes, usage.Processes.Length);
            }

            percent = cpu.Count == 0 ? null : Percent(UsedSince(previous.Cpu, cpu), elapsed);
        }
        else
        {
            var lifetime = time.GetUtcNow() - runStartedAt;
            percent = cpu.Count == 0 || lifetime < MinimumInterval ? null : Percent(cpu.Values.Sum(), lifetime);
        }

        _baselines[pgid] = new Baseline(now, cpu, percent);
        return new GroupResources(percent, usage.RssBytes, usage.Processes.Length);
    }

    /// <summary>Forgets the baselines of groups not in <paramref name="pgids"/> (runs that ended).</summary>
    public void KeepOnly(IReadOnlySet<int> pgids)
    {
        foreach (var pgid in _baselines.Keys.Where(k => !pgids.Contains(k)).ToList())
        {
            _baselines.Remove(pgid);
        }
    }

    /// <summary>
    /// CPU nanoseconds the members of <paramref name="now"/> used since <paramref name="before"/>. A pid
    /// not in the baseline is new: all its time counts. A pid whose time went down is a new process
    /// that reused the pid: all its time counts too.
    /// </summary>
    internal static long UsedSince(IReadOnlyDictionary<int, long> before, IReadOnlyDictionary<int, long> now)
    {
        long used = 0;
        foreach (var (pid, nanoseconds) in now)
        {
            used += before.TryGetValue(pid, out var earlier) && nanoseconds >= earlier ? nanoseconds - earlier : nanoseconds;
        }

        return used;
    }

    private static double Percent(long cpuNanoseconds, TimeSpan wall) =>
        Math.Round(cpuNanoseconds / (wall.Ticks * 100.0) * 100, 1);

    private sealed record Baseline(long Timestamp, Dictionary<int, long> Cpu, double? CpuPercent);
}
