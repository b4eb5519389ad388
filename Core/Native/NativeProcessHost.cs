using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// The real <see cref="IProcessHost"/>: posix_spawn through <see cref="ProcessSpawner"/> (a burst on a few threads, <see cref="SpawnBurst"/>), killpg and
/// /proc through <see cref="ProcessGroup"/>, start times through <see cref="ProcessIdentity"/>,
/// exits through one <see cref="ChildWatcher"/>, session leftovers through <see cref="Native.SessionLeftovers"/>.
/// </summary>
internal sealed class NativeProcessHost : IProcessHost
{
    private ChildWatcher? _watcher;

    public IDisposable WatchExits(Action<int, ExitStatus> onExit)
    {
        if (_watcher is not null)
        {
            throw new InvalidOperationException("exits are already being watched");
        }

        return _watcher = new ChildWatcher(onExit);
    }

    public HostedProcess Spawn(SpawnRequest request)
    {
        var watcher = _watcher ?? throw new InvalidOperationException("WatchExits must come before the first spawn");
        var process = ProcessSpawner.Spawn(request);
        // Read before Watch: once watched, the child may be reaped and its pid taken by another.
        var startTime = ProcessIdentity.GetStartTime(process.Pid);
        watcher.Watch(process.Pid);
        return new HostedProcess(process.Pid, process.ProcessGroupId, startTime, process.Stdout, process.Stderr, process.Terminal);
    }

    /// <summary>Spawns on up to <see cref="SpawnBurst.MaxThreads"/> threads, so the waits for each child's exec overlap.</summary>
    public IReadOnlyList<SpawnAttempt> SpawnAll(IReadOnlyList<SpawnRequest> requests) =>
        SpawnBurst.Run(requests, Spawn, SpawnBurst.Threads(requests.Count, Environment.ProcessorCount), ErrnoTable.Host)
            .Select(attempt => new SpawnAttempt(attempt.Result, attempt.Error))
            .ToArray();

    public long? DescriptorLimit() => DescriptorTable.SoftLimit();

    public int? CountOpenDescriptors() => DescriptorTable.CountOpen();

    public bool SignalGroup(int pgid, Signal signal) => ProcessGroup.Signal(pgid, signal);

    public bool SignalProcess(int pid, Signal signal) => ProcessSignal.Send(pid, signal);

    public bool HasLiveMembers(int pgid, Func<IReadOnlySet<int>> liveGroups) => ProcessGroup.HasLiveMembers(pgid, liveGroups);

    public int CountLiveMembers(int pgid) => ProcessGroup.CountLiveMembers(pgid);

    public IReadOnlySet<int> LiveGroups() => ProcessGroup.LiveGroupsInProc();

    public IReadOnlyDictionary<int, GroupUsage> SampleGroups(IReadOnlyCollection<int> pgids) => GroupSampler.Sample(pgids);

    public long? GetStartTime(int pid) => ProcessIdentity.GetStartTime(pid);

    public bool IsAlive(int pid) => ProcessIdentity.IsAlive(pid);

    public DaemonSession OwnSession()
    {
        var self = Environment.ProcessId;
        var sessionId = OperatingSystem.IsLinux() ? ProcStat.Read(self)?.SessionId ?? 0 : 0;
        return new DaemonSession(self, sessionId, ProcessIdentity.GetStartTime(self) ?? 0);
    }

    public IReadOnlyList<int> SessionLeftovers(DaemonSession previous) =>
        Native.SessionLeftovers.Find(previous.Pid, previous.SessionId, previous.StartTime);
}
