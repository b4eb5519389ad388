using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// An in-memory <see cref="IProcessHost"/>: no process is ever started. A spawned run reads its
/// script's command as a tiny language: <c>exit N</c> exits at once with code N; a command with
/// <c>trap '' TERM</c> ignores SIGTERM (only SIGKILL ends it); anything else runs until a signal
/// ends it. A working directory that does not exist fails the spawn, as chdir would. Groups left
/// by a predecessor are added with <see cref="AddLeftover"/>. Thread-safe; exits are reported
/// through the core's callback like the real <see cref="ChildWatcher"/>.
/// </summary>
internal sealed class FakeProcessHost : IProcessHost
{
    private readonly object _gate = new();
    private readonly Dictionary<int, FakeProcess> _processes = [];
    private readonly List<(int Pgid, Signal Signal)> _signals = [];
    private readonly List<(int Pid, Signal Signal)> _processSignals = [];
    private Action<int, ExitStatus>? _onExit;
    private int _nextPid = 1000;

    /// <summary>Groups a dead predecessor left in its session (returned by <see cref="SessionLeftovers"/>).</summary>
    public List<int> SessionGroups { get; } = [];

    /// <summary>Every signal sent to a group, in order.</summary>
    public IReadOnlyList<(int Pgid, Signal Signal)> Signals
    {
        get
        {
            lock (_gate)
            {
                return [.. _signals];
            }
        }
    }

    /// <summary>Every signal sent to one process (not its group), in order.</summary>
    public IReadOnlyList<(int Pid, Signal Signal)> ProcessSignals
    {
        get
        {
            lock (_gate)
            {
                return [.. _processSignals];
            }
        }
    }

    /// <summary>Every spawn request, in order.</summary>
    public List<SpawnRequest> Spawned { get; } = [];

    public IDisposable WatchExits(Action<int, ExitStatus> onExit)
    {
        _onExit = onExit;
        return new Unwatch(this);
    }

    public HostedProcess Spawn(SpawnRequest request)
    {
        if (!Directory.Exists(request.WorkingDirectory))
        {
            // As ProcessSpawner reports it (its Diagnose names the folder).
            throw new NativeCallException("posix_spawn", Errno.ENOENT, $"working directory '{request.WorkingDirectory}' does not exist");
        }

        var command = request.Arguments[^1];
        FakeProcess process;
        lock (_gate)
        {
            var pid = ++_nextPid;
            process = new FakeProcess(pid, pid, StartTime: pid * 7L, Child: true, IgnoresTerm: command.Contains("trap '' TERM", StringComparison.Ordinal));
            _processes[pid] = process;
            Spawned.Add(request);
        }

        if (command.StartsWith("exit ", StringComparison.Ordinal))
        {
            Exit(process.Pid, new ExitStatus(int.Parse(command["exit ".Length..].Trim()), null));
        }

        return new HostedProcess(process.Pid, process.Pgid, process.StartTime, null, null);
    }

    public bool SignalGroup(int pgid, Signal signal)
    {
        List<FakeProcess> dying;
        lock (_gate)
        {
            _signals.Add((pgid, signal));
            var members = _processes.Values.Where(p => p.Pgid == pgid && p.Alive).ToList();
            if (members.Count == 0)
            {
                return false;
            }

            dying = [.. members.Where(p => signal == Signal.Kill || !(signal == Signal.Term && p.IgnoresTerm))];
        }

        foreach (var process in dying)
        {
            Exit(process.Pid, new ExitStatus(null, SignalNumbers.ToNumber(signal)));
        }

        return true;
    }

    public bool SignalProcess(int pid, Signal signal)
    {
        lock (_gate)
        {
            _processSignals.Add((pid, signal));
            if (!_processes.TryGetValue(pid, out var process) || !process.Alive)
            {
                return false;
            }

            if (signal == Signal.Term && process.IgnoresTerm)
            {
                return true;
            }
        }

        Exit(pid, new ExitStatus(null, SignalNumbers.ToNumber(signal)));
        return true;
    }

    /// <summary>A process <paramref name="leader"/> forked that stays in its group (a daemonizing server's child); it ends only by a signal.</summary>
    public int Fork(int leader)
    {
        lock (_gate)
        {
            var parent = _processes[leader];
            var pid = ++_nextPid;
            _processes[pid] = new FakeProcess(pid, parent.Pgid, pid * 7L, Child: false, parent.IgnoresTerm);
            return pid;
        }
    }

    public bool HasLiveMembers(int pgid, Func<IReadOnlySet<int>> liveGroups) => liveGroups().Contains(pgid);

    public IReadOnlySet<int> LiveGroups()
    {
        lock (_gate)
        {
            return _processes.Values.Where(p => p.Alive).Select(p => p.Pgid).ToHashSet();
        }
    }

    public long? GetStartTime(int pid)
    {
        lock (_gate)
        {
            return _processes.TryGetValue(pid, out var p) && p.Alive ? p.StartTime : null;
        }
    }

    public bool IsAlive(int pid)
    {
        lock (_gate)
        {
            return _processes.TryGetValue(pid, out var p) && p.Alive;
        }
    }

    public DaemonSession OwnSession() => new(1, 1, 1);

    public IReadOnlyList<int> SessionLeftovers(DaemonSession previous) => [.. SessionGroups];

    /// <summary>A process that is not our child (a predecessor's script), alive in group <paramref name="pgid"/>.</summary>
    public void AddLeftover(int pid, int pgid, long startTime, bool ignoresTerm = false)
    {
        lock (_gate)
        {
            _processes[pid] = new FakeProcess(pid, pgid, startTime, Child: false, ignoresTerm);
        }
    }

    /// <summary>The process ends on its own with <paramref name="status"/>; a child of ours is reported to the core.</summary>
    public void Exit(int pid, ExitStatus status)
    {
        Action<int, ExitStatus>? report;
        lock (_gate)
        {
            var process = _processes[pid];
            if (!process.Alive)
            {
                return;
            }

            process.Alive = false;
            report = process.Child ? _onExit : null;
        }

        report?.Invoke(pid, status);
    }

    public bool IsGroupAlive(int pgid) => LiveGroups().Contains(pgid);

    private sealed record FakeProcess(int Pid, int Pgid, long StartTime, bool Child, bool IgnoresTerm)
    {
        public bool Alive { get; set; } = true;
    }

    private sealed class Unwatch(FakeProcessHost host) : IDisposable
    {
        public void Dispose() => host._onExit = null;
    }
}
