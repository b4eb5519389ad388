using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// An in-memory <see cref="IProcessHost"/>: no process is ever started. A spawned run reads its
/// script's command as a tiny language: a command ending in <c>exit N</c> exits at once with code N;
/// one with <c> &amp; </c> also puts a background member in the leader's group, which outlives it; a
/// command with <c>trap '' TERM</c> ignores SIGTERM (leader and member; only SIGKILL ends them);
/// anything else runs until a signal ends it. A working directory that does not exist fails the
/// spawn, as chdir would. Groups left by a predecessor are added with <see cref="AddLeftover"/>.
/// With <see cref="FaultyOutput"/>, runs get output pipes whose draining faults. Thread-safe; exits
/// are reported through the core's callback like the real <see cref="ChildWatcher"/>.
/// </summary>
internal sealed partial class FakeProcessHost : IProcessHost
{
    private readonly object _gate = new();
    private readonly Dictionary<int, FakeProcess> _processes = [];
    private readonly List<(int Pgid, Signal Signal)> _signals = [];
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

    /// <summary>
    /// Runs spawned from now on get a stdout pipe that stays open until <see cref="CloseOutputs"/>
    /// and a stderr "pipe" that is /dev/null, so the log pump on it faults: draining the run's
    /// output ends in an exception once stdout reaches EOF.
    /// </summary>
    public bool FaultyOutput { get; set; }

    private readonly List<IDisposable> _openOutputs = [];

    /// <summary>Closes the write ends of the <see cref="FaultyOutput"/> pipes: their pumps reach EOF.</summary>
    public void CloseOutputs()
    {
        lock (_gate)
        {
            _openOutputs.ForEach(o => o.Dispose());
            _openOutputs.Clear();
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
            throw new DirectoryNotFoundException($"cannot change to directory {request.WorkingDirectory}: no such directory");
        }

        var command = request.Arguments[^1];
        var ignoresTerm = command.Contains("trap '' TERM", StringComparison.Ordinal);
        FakeProcess process;
        SafeFileHandle? stdout = null;
        SafeFileHandle? stderr = null;
        lock (_gate)
        {
            var pid = ++_nextPid;
            process = new FakeProcess(pid, pid, StartTime: pid * 7L, Child: true, IgnoresTerm: ignoresTerm);
            _processes[pid] = process;
            if (command.Contains(" & ", StringComparison.Ordinal))
            {
                var member = ++_nextPid;
                _processes[member] = new FakeProcess(member, pid, StartTime: member * 7L, Child: false, IgnoresTerm: ignoresTerm);
            }

            if (FaultyOutput)
            {
                var (read, write) = NativePipe.Create();
                _openOutputs.Add(write);
                stdout = read;
                // A character device, not a pipe: the pump's pipe stream refuses it.
                stderr = File.OpenHandle("/dev/null");
            }

            Spawned.Add(request);
        }

        if (ExitCode().Match(command) is { Success: true } exit)
        {
            Exit(process.Pid, new ExitStatus(int.Parse(exit.Groups[1].Value, CultureInfo.InvariantCulture), null));
        }

        return new HostedProcess(process.Pid, process.Pgid, process.StartTime, stdout, stderr);
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

    public bool HasLiveMembers(int pgid, Func<IReadOnlySet<int>> liveGroups) => liveGroups().Contains(pgid);

    public int CountLiveMembers(int pgid)
    {
        lock (_gate)
        {
            return _processes.Values.Count(p => p.Alive && p.Pgid == pgid);
        }
    }

    /// <summary>The live members of group <paramref name="pgid"/> other than its leader.</summary>
    public IReadOnlyList<int> MembersOf(int pgid)
    {
        lock (_gate)
        {
            return [.. _processes.Values.Where(p => p.Alive && p.Pgid == pgid && p.Pid != pgid).Select(p => p.Pid)];
        }
    }

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

    [GeneratedRegex(@"(?:^|[;&]\s*)exit (\d+)\s*$")]
    private static partial Regex ExitCode();

    private sealed record FakeProcess(int Pid, int Pgid, long StartTime, bool Child, bool IgnoresTerm)
    {
        public bool Alive { get; set; } = true;
    }

    private sealed class Unwatch(FakeProcessHost host) : IDisposable
    {
        public void Dispose() => host._onExit = null;
    }
}
