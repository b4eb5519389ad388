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
/// With <see cref="FaultyOutput"/>, runs get an output stream whose draining faults on demand. Thread-safe; exits
/// are reported through the core's callback like the real <see cref="ChildWatcher"/>.
/// </summary>
internal sealed partial class FakeProcessHost : IProcessHost
{
    private readonly object _gate = new();
    private readonly Dictionary<int, FakeProcess> _processes = [];
    private readonly List<(int Pgid, Signal Signal)> _signals = [];
    private readonly List<(int Pid, Signal Signal)> _processSignals = [];
    private Action<int, ExitStatus>? _onExit;
    private int _nextPid = 1000;

    /// <summary>Groups a dead predecessor left in its session (returned by <see cref="SessionLeftovers"/>).</summary>
    public List<int> SessionGroups { get; } = [];

    /// <summary>What <see cref="DescriptorLimit"/> reports: null (unlimited) unless a test sets it.</summary>
    public long? Limit { get; set; }

    /// <summary>What <see cref="CountOpenDescriptors"/> reports.</summary>
    public int? OpenDescriptors { get; set; }

    /// <summary>How many times the core counted its open descriptors.</summary>
    public int DescriptorCounts { get; private set; }

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

    /// <summary>
    /// Runs spawned from now on get an output stream (as a tty run's terminal) whose reads wait until
    /// <see cref="FailOutputs"/>, then fail with an IOException: draining the run's output faults
    /// while the core waits for it.
    /// </summary>
    public bool FaultyOutput { get; set; }

    private readonly List<FaultingStream> _outputs = [];

    /// <summary>Makes every pending and later read of the <see cref="FaultyOutput"/> streams fail.</summary>
    public void FailOutputs()
    {
        lock (_gate)
        {
            _outputs.ForEach(o => o.Fail());
        }
    }

    /// <summary>Every spawn request, in order.</summary>
    public List<SpawnRequest> Spawned { get; } = [];

    /// <summary>The size of every burst handed to <see cref="SpawnAll"/>, in order.</summary>
    public List<int> Bursts { get; } = [];

    /// <summary>One at a time, in request order, as the interface's default does; records the burst's size.</summary>
    public IReadOnlyList<SpawnAttempt> SpawnAll(IReadOnlyList<SpawnRequest> requests)
    {
        lock (_gate)
        {
            Bursts.Add(requests.Count);
        }

        var attempts = new List<SpawnAttempt>();
        foreach (var request in requests)
        {
            try
            {
                attempts.Add(new SpawnAttempt(Spawn(request), null));
            }
            catch (NativeCallException e)
            {
                attempts.Add(new SpawnAttempt(null, e));
            }
        }

        return attempts;
    }

    public IDisposable WatchExits(Action<int, ExitStatus> onExit)
    {
        _onExit = onExit;
        return new Unwatch(this);
    }

    /// <summary>When set, a spawn whose request it answers with an exception fails with that exception (as a full descriptor table would).</summary>
    public Func<SpawnRequest, NativeCallException?>? FailSpawn { get; set; }

    public HostedProcess Spawn(SpawnRequest request)
    {
        if (FailSpawn?.Invoke(request) is { } failure)
        {
            throw failure;
        }

        if (!Directory.Exists(request.WorkingDirectory))
        {
            // As ProcessSpawner reports it (its Diagnose names the folder).
            throw new NativeCallException("posix_spawn", Errno.ENOENT, $"working directory '{request.WorkingDirectory}' does not exist");
        }

        var command = request.Arguments[^1];
        var ignoresTerm = command.Contains("trap '' TERM", StringComparison.Ordinal);
        FakeProcess process;
        FaultingStream? output = null;
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
                output = new FaultingStream();
                _outputs.Add(output);
            }

            Spawned.Add(request);
        }

        if (ExitCode().Match(command) is { Success: true } exit)
        {
            Exit(process.Pid, new ExitStatus(int.Parse(exit.Groups[1].Value, CultureInfo.InvariantCulture), null));
        }

        return new HostedProcess(process.Pid, process.Pgid, process.StartTime, null, null, output);
    }

    public long? DescriptorLimit() => Limit;

    public int? CountOpenDescriptors()
    {
        DescriptorCounts++;
        return OpenDescriptors;
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

    /// <summary>A read-only stream whose reads wait for <see cref="Fail"/> and then throw, as a device error would.</summary>
    private sealed class FaultingStream : Stream
    {
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Fail() => _failed.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _failed.Task.WaitAsync(cancellationToken);
            throw new IOException("injected read fault");
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class Unwatch(FakeProcessHost host) : IDisposable
    {
        public void Dispose() => host._onExit = null;
    }
}
