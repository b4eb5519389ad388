using System.Collections.Immutable;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>Resource samples: each live process reports what a test set with <see cref="SetUsage"/> (0 CPU, 0 bytes until then).</summary>
internal sealed partial class FakeProcessHost
{
    private readonly Dictionary<int, (long CpuNanoseconds, long? RssBytes)> _usage = [];

    /// <summary>How many times the core sampled, and the groups it asked about each time.</summary>
    public List<IReadOnlyCollection<int>> Samples { get; } = [];

    /// <summary>What the next samples report for process <paramref name="pid"/>: cumulative CPU time and resident memory (null: unknown, as macOS EPERM).</summary>
    public void SetUsage(int pid, long cpuNanoseconds, long? rssBytes)
    {
        lock (_gate)
        {
            _usage[pid] = (cpuNanoseconds, rssBytes);
        }
    }

    public IReadOnlyDictionary<int, GroupUsage> SampleGroups(IReadOnlyCollection<int> pgids)
    {
        lock (_gate)
        {
            Samples.Add([.. pgids]);
            return _processes.Values
                .Where(p => p.Alive && pgids.Contains(p.Pgid))
                .GroupBy(p => p.Pgid)
                .ToDictionary(g => g.Key, g => new GroupUsage(g.Key, [.. g.Select(p =>
                    _usage.TryGetValue(p.Pid, out var u) ? new ProcessUsage(p.Pid, u.CpuNanoseconds, u.RssBytes) : new ProcessUsage(p.Pid, 0, 0))]));
        }
    }
}
