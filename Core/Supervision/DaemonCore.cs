using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The daemon's single owner of script state. Every change happens on one loop fed by one
/// channel: client commands, process exits, timers and shutdown are all events. Handlers never
/// block: a stop sends a signal and arms a deadline, and the reply waits for the exit event.
/// After each batch of events the state is saved, and only then are replies released, so an
/// acknowledged command survives a crash of the daemon. Processes are reached only through the
/// <see cref="IProcessHost"/> and time only through the injected <see cref="TimeProvider"/>; configs,
/// state and history are read before the loop, never on it.
/// </summary>
internal sealed partial class DaemonCore : IAsyncDisposable
{
    // Timings. Stops: how often a stopped group is looked at again, how long the output pumps may
    // outlive the group, how long an exit waits for the last output, how many looks after SIGKILL.
    private static readonly TimeSpan GroupCheckInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExitDrainWait = TimeSpan.FromMilliseconds(250);
    private const int MaxGroupChecksAfterKill = 100;

    // Recovery: how long a predecessor's groups that no loaded script owns get after SIGTERM, and how often they are looked at.
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeftoverCheckInterval = TimeSpan.FromMilliseconds(20);

    // Cron: the first hold after failed starts, and the fields a reload may change without a restart.
    private static readonly TimeSpan FirstStartFailureHold = TimeSpan.FromSeconds(1);
    private static readonly string[] ScheduleFields = ["cron", "timezone", "missed"];

    // A leader that exits 0 sooner than this while its group lives on most likely daemonized itself.
    private static readonly TimeSpan DaemonizeWindow = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for Loki to take what is queued before dropping it.</summary>
    private static readonly TimeSpan LokiShutdownDeadline = TimeSpan.FromSeconds(3);

    private readonly Channel<DaemonEvent> _events = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<ScriptKey, ManagedScript> _scripts = [];

    // The one reader of every script's pipes (Linux), started with the first script.
    private PipeCapture? _capture;
    private readonly Dictionary<string, ProjectConfig> _configs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (ScriptKey Key, long Instance)> _runsByPid = [];
    private readonly List<(TaskCompletionSource<CommandResult> Reply, CommandResult Result)> _readyReplies = [];
    private readonly ThPaths _paths;
    private readonly StateStore _state;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IReadOnlyDictionary<string, string> _inheritedEnvironment;
    private readonly IProcessHost _host;
    private readonly IDisposable _exitWatch;
    private readonly DateTimeOffset _startedAt;
    private readonly LokiShipping _loki;
    private readonly Dictionary<ScriptKey, LokiScriptListener> _lokiListeners = [];
    private readonly RunHistory _history = new();
    private HistoryStore? _historyStore;
    private HistoryJournal? _historyJournal;
    /// <summary>Test seam of the journal's compaction (between the fsynced temp file and the rename).</summary>
    private readonly Action<string>? _historyCompactionSeam;

    /// <summary>State entries whose config could not be loaded at start; kept so their desired state is not lost.</summary>
    private ImmutableArray<StateEntry> _unloadedEntries = [];
    /// <summary>One /proc pass shared by every group check of the current batch of events.</summary>
    private IReadOnlySet<int>? _liveGroups;
    /// <summary>The paths of <see cref="_configs"/>, published for other threads (see <see cref="KnowsConfig"/>).</summary>
    private volatile ImmutableHashSet<string> _knownConfigPaths = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private long _lastInstance;
    private bool _dirty;
    private bool _shuttingDown;
    private bool _finished;
    /// <summary>Runs the shutdown still waits for; the loop ends when it reaches 0.</summary>
    private int _shutdownRemaining;

    /// <summary>
    /// Called on the loop whenever a script's status or health changed, so <c>depends_on</c> can
    /// start or block its dependents; implemented where dependencies live.
    /// </summary>
    partial void ScriptStateChanged(ManagedScript script);

    /// <summary>Called on the loop when something a <c>settings.notify</c> entry may listen to happened; never blocks.</summary>
    partial void Notify(ManagedScript script, NotifyEvent kind, int? exitCode);

    public DaemonCore(ThPaths paths, StateStore state, TimeProvider time, ILogger log, IReadOnlyDictionary<string, string> inheritedEnvironment, IProcessHost host, LokiShipping? loki = null, Action<string>? historyCompactionSeam = null)
    {
        _historyCompactionSeam = historyCompactionSeam;
        _loki = loki ?? new LokiShipping(new LokiDaemonLogSink(time), time, log);
        _paths = paths;
        _state = state;
        _time = time;
        _log = log;
        _inheritedEnvironment = inheritedEnvironment;
        _startedAt = time.GetUtcNow();
        _host = host;
        _exitWatch = host.WatchExits((pid, status) => Post(new ProcessExited(pid, status)));
    }

    public DateTimeOffset StartedAt => _startedAt;

    /// <summary>Hands an event to the loop. Safe from any thread; never blocks.</summary>
    public void Post(DaemonEvent daemonEvent) => _events.Writer.TryWrite(daemonEvent);

    /// <summary>Sends a command to the loop and waits for its result (or its ThException).</summary>
    public async Task<CommandResult> SendAsync(DaemonCommand command, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_events.Writer.TryWrite(new CommandReceived(command, reply)))
        {
            throw new DaemonUnreachableException("the daemon is shutting down");
        }

        return await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes over from a predecessor: reads the state, kills what it left behind, starts what was
    /// up. Runs before the socket is opened, so a client never sees a half-recovered daemon.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        RemoveTempFileLitter();
        await RecoverStateAsync(cancellationToken);
        SettleDependencies();
        await FlushAsync(cancellationToken);
    }

    /// <summary>Runs the loop until a shutdown has stopped every script.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _events.Reader;
        while (!_finished && await reader.WaitToReadAsync(cancellationToken))
        {
            _liveGroups = null;
            while (reader.TryRead(out var daemonEvent))
            {
                Dispatch(daemonEvent);
                SettleDependencies();
            }

            await FlushAsync(cancellationToken);
        }

        _events.Writer.TryComplete();
        while (reader.TryRead(out var late))
        {
            if (late is CommandReceived { Reply: var reply })
            {
                reply.TrySetException(new DaemonUnreachableException("the daemon is shutting down"));
            }
        }
    }

    private void Dispatch(DaemonEvent daemonEvent)
    {
        try
        {
            switch (daemonEvent)
            {
                case CommandReceived received:
                    HandleCommand(received);
                    break;
                case ProcessExited exited:
                    OnProcessExited(exited);
                    break;
                case RestartDue due:
                    OnRestartDue(due);
                    break;
                case StopDeadline deadline:
                    OnStopDeadline(deadline);
                    break;
                case GroupCheck check:
                    OnGroupCheck(check);
                    break;
                case CronWakeDue:
                    OnCronWakeDue();
                    break;
                case ShutdownRequested shutdown:
                    OnShutdown(shutdown);
                    break;
                case RunEnded ended:
                    OnRunEnded(ended);
                    break;
                case HealthReported health:
                    OnHealthReported(health);
                    break;
                case HealthEvent health:
                    OnHealthEvent(health);
                    break;
                case MemoryCheckDue:
                    OnMemoryCheckDue();
                    break;
            }
        }
        // A run's end is handled inside the event that ended it: its failure is that event's.
        catch (Exception e) when (daemonEvent is not (CommandReceived or RunEnded))
        {
            // One bad event must not take the supervisor down with every script it runs.
            _log.EventFailed(daemonEvent.GetType().Name, e);
        }
    }

    private void HandleCommand(CommandReceived received)
    {
        if (_shuttingDown)
        {
            received.Reply.TrySetException(new DaemonUnreachableException("the daemon is shutting down"));
            return;
        }

        try
        {
            Execute(received.Command, received.Reply);
        }
        catch (ThException e)
        {
            received.Reply.TrySetException(e);
        }
        catch (Exception e)
        {
            _log.CommandFailed(received.Command.GetType().Name, e);
            received.Reply.TrySetException(new InternalException($"internal error: {e.Message}", inner: e));
        }
    }

    /// <summary>Queues a reply to be released after the state of this batch is on disk.</summary>
    private void Reply(TaskCompletionSource<CommandResult> reply, CommandResult result)
    {
        _readyReplies.Add((reply, result));
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var state = await SaveStateAsync(cancellationToken);
        var history = await SaveHistoryAsync(cancellationToken);
        var notSaved = state ?? history;
        foreach (var (reply, result) in _readyReplies)
        {
            // Acknowledged means saved: a reply that goes out with its change not on disk says so.
            reply.TrySetResult(notSaved is null ? result : result with { NotSaved = notSaved });
        }

        _readyReplies.Clear();
    }

    private void MarkDirty() => _dirty = true;

    // Stale by at most one batch, and only ever towards "still alive": a dead group cannot gain members.
    private IReadOnlySet<int> LiveGroupsThisBatch() => _liveGroups ??= _host.LiveGroups();

    private ITimer Schedule(TimeSpan due, DaemonEvent daemonEvent) =>
        _time.CreateTimer(_ => Post(daemonEvent), null, due, Timeout.InfiniteTimeSpan);

    public async ValueTask DisposeAsync()
    {
        foreach (var script in _scripts.Values)
        {
            await script.DisposeAsync();
        }

        _scripts.Clear();
        _capture?.Dispose();
        DisposeHealthchecks();
        _memoryTimer?.Dispose();
        _cronTimer?.Dispose();
        _exitWatch.Dispose();
        await StopNotificationsAsync();
        await _loki.StopAsync(LokiShutdownDeadline);
    }
}
