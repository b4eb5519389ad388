using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Supervision;

/// <summary>up, down, restart, run, ps and friends.</summary>
internal sealed partial class DaemonCore
{
    private void Execute(DaemonCommand command, TaskCompletionSource<CommandResult> reply)
    {
        switch (command)
        {
            case UpCommand up:
                Up(up, reply);
                break;
            case DownCommand down:
                Down(down, reply);
                break;
            case RestartCommand restart:
                Restart(restart, reply);
                break;
            case RunCommand run:
                RunOnce(run, reply);
                break;
            case ReloadConfigCommand reload:
                Reload(reload, reply);
                break;
            case StatusCommand status:
                Reply(reply, new StatusResult(Status(status.Config)));
                break;
            case LogSourcesCommand logs:
                Reply(reply, new LogSourcesResult(LogSources(logs)));
                break;
            case HistoryQueryCommand history:
                Reply(reply, new HistoryResult(History(history)));
                break;
            case KillCommand kill:
                SendSignal(kill, reply);
                break;
            case HealthQueryCommand:
                Reply(reply, HealthQuery());
                break;
            case DaemonStatusCommand:
                Reply(reply, new DaemonStatusResult(Environment.ProcessId, _startedAt, _scripts.Count, _configs.Count, _loki.Status(_configs.Values)) { Notifications = NotificationStatus() });
                break;
            default:
                throw new ProtocolException($"unknown command {command.GetType().Name}");
        }
    }

    /// <summary>
    /// Starts what is not running. A running script whose definition in the file changed is
    /// restarted with the new one, as <c>docker compose up</c> recreates a changed service; its
    /// outcome names the changed fields, and the reply waits for that restart.
    /// </summary>
    private void Up(UpCommand command, TaskCompletionSource<CommandResult> reply)
    {
        var config = Register(command.Config);
        var targets = UpTargets(config, command.Names, command.NoDeps);
        var pending = new PendingOutcomes<ScriptOutcome>(targets.Length, outcomes => Reply(reply, new OutcomesResult(outcomes)));
        var queue = _queuedStarts = [];
        try
        {
            for (var i = 0; i < targets.Length; i++)
            {
                if (!targets[i].Spec.DependsOn.IsEmpty)
                {
                    // Its conditions are judged now: what it depends on must be running, not queued.
                    SpawnQueued(queue, pending);
                }

                var queued = queue.Count;
                var outcome = RestartIfChanged(targets[i], config, pending, i, RunTrigger.Up, waitForDependencies: !command.NoDeps);
                if (queue.Count > queued)
                {
                    queue[^1].OutcomeIndex = i;
                }
                else if (outcome is not null)
                {
                    pending.Set(i, outcome);
                }
            }
        }
        finally
        {
            _queuedStarts = null;
            SpawnQueued(queue, pending);
        }

        pending.CompleteIfEmpty();
    }

    /// <summary>
    /// <c>up</c> of a script: when it runs a definition other than <paramref name="config"/>'s, stops
    /// it and records the start with the new one (null returned; the outcome comes when the run has
    /// ended), else brings it up now.
    /// </summary>
    private ScriptOutcome? RestartIfChanged(ManagedScript script, ProjectConfig config, PendingOutcomes<ScriptOutcome> pending, int index, RunTrigger trigger, bool waitForDependencies = true)
    {
        if (script.Run is not { StopRequested: false } run || config.Find(script.Key.Name) is not { } spec
            || ScriptSpecDiff.ChangedFields(script.Spec, spec) is not { IsEmpty: false } changed)
        {
            return BringUp(script, trigger, waitForDependencies);
        }

        script.Desired = DesiredState.Up;
        MarkDirty();
        if (RearmedInPlace(script, spec, out var rearmed))
        {
            return rearmed! with { Changed = changed };
        }

        script.Log.WriteEvent($"definition changed ({string.Join(", ", changed)}): restarting with the new one");
        script.AfterStop.Add(new StartAndReportRestarted(pending, index, trigger, changed));
        Stop(script, run);
        return null;
    }

    /// <remarks><paramref name="waitForDependencies"/>: false for <c>up --no-deps</c> and once the <c>depends_on</c> conditions are met.</remarks>
    private ScriptOutcome BringUp(ManagedScript script, RunTrigger trigger, bool waitForDependencies = true)
    {
        var name = script.Key.Name;
        script.Desired = DesiredState.Up;
        MarkDirty();
        if (script.IsCron && script.Run is not { Stopping: true })
        {
            return ArmCron(script);
        }

        if (script.Run is { } run)
        {
            if (run.Stopping)
            {
                script.AfterStop.Add(new StartAgainIfWanted(trigger));
                return new ScriptOutcome(name, OutcomeKind.StartingOnceStopped, run.Exit is null ? run.Pid : null, null, null);
            }

            return new ScriptOutcome(name, OutcomeKind.AlreadyRunning, run.Exit is null ? run.Pid : null, null, null);
        }

        if ((waitForDependencies ? WaitForDependencies(script, trigger) : null) is { } waiting)
        {
            return waiting;
        }

        LeaveDependencyWait(script);
        script.CancelPendingRestart();
        script.Restarts = 0;
        if (StopLeftoversBeforeStart(script, new StartAgainIfWanted(trigger)))
        {
            return new ScriptOutcome(name, OutcomeKind.StartingOnceStopped, null, null, "stopping what an earlier run left in its process group first");
        }

        if (_queuedStarts is { } queue)
        {
            // Up spawns its starts together and replaces this outcome with the real one (see SpawnQueued).
            var failed = QueueStart(queue, script, trigger);
            return new ScriptOutcome(name, failed is null ? OutcomeKind.Started : OutcomeKind.FailedToStart, null, failed, null);
        }

        var error = Start(script, trigger);
        return new ScriptOutcome(name, error is null ? OutcomeKind.Started : OutcomeKind.FailedToStart, script.Run?.Pid, error, null);
    }

    private void StartIfStillWanted(ManagedScript script, RunTrigger trigger)
    {
        if (script.Desired == DesiredState.Up && script.Run is null && !_shuttingDown && _scripts.ContainsKey(script.Key))
        {
            BringUp(script, trigger);
        }
    }

    private void Down(DownCommand command, TaskCompletionSource<CommandResult> reply)
    {
        var targets = Select(RegisteredOrRegister(command.Config), command.Names);
        var pending = new PendingOutcomes<ScriptOutcome>(targets.Length, outcomes => Reply(reply, new OutcomesResult(outcomes)));
        StopInDependencyOrder(targets, pending);
        pending.CompleteIfEmpty();
    }

    /// <summary>
    /// Stops whatever the script has running: its run and every group an earlier run left. With
    /// any of them alive, <paramref name="afterStop"/> is recorded for when the last is gone and null
    /// returned; without, the outcome now.
    /// </summary>
    private ScriptOutcome? StopScript(ManagedScript script, AfterRunEnds afterStop)
    {
        var name = script.Key.Name;
        script.CancelPendingRestart();
        script.Cron.Disarm();
        LeaveDependencyWait(script);
        var leftovers = StopLeftovers(script);
        if (script.Run is { } run)
        {
            script.AfterStop.Add(afterStop);
            Stop(script, run);
            return null;
        }

        if (leftovers)
        {
            script.AfterStop.Add(afterStop);
            script.Status = ScriptStatus.Stopping;
            return null;
        }

        var wasPending = script.Status is ScriptStatus.Restarting or ScriptStatus.Waiting or ScriptStatus.Blocked or ScriptStatus.Stopping;
        script.Status = ScriptStatus.Stopped;
        return new ScriptOutcome(name, wasPending ? OutcomeKind.Stopped : OutcomeKind.AlreadyStopped, null, null, null);
    }

    private void Restart(RestartCommand command, TaskCompletionSource<CommandResult> reply)
    {
        var config = Register(command.Config);
        var targets = Select(config, command.Names);
        var pending = new PendingOutcomes<ScriptOutcome>(targets.Length, outcomes => Reply(reply, new OutcomesResult(outcomes)));
        for (var i = 0; i < targets.Length; i++)
        {
            var script = targets[i];
            script.Desired = DesiredState.Up;
            MarkDirty();
            var leftovers = StopLeftovers(script);
            // The run ends first; the start then takes the registered (current) definition.
            var changedFields = config.Find(script.Key.Name) is { } spec ? ScriptSpecDiff.ChangedFields(script.Spec, spec) : [];
            IReadOnlyList<string>? changed = changedFields.IsEmpty ? null : changedFields;
            if (script.Run is { } run)
            {
                script.AfterStop.Add(new StartAndReportRestarted(pending, i, RunTrigger.Manual, changed));
                Stop(script, run);
            }
            else if (leftovers)
            {
                script.CancelPendingRestart();
                script.AfterStop.Add(new StartAndReportRestarted(pending, i, RunTrigger.Manual, changed));
                script.Status = ScriptStatus.Stopping;
            }
            else
            {
                pending.Set(i, BringUp(script, RunTrigger.Manual));
            }
        }

        pending.CompleteIfEmpty();
    }

    private static ScriptOutcome Restarted(ScriptOutcome outcome, IReadOnlyList<string>? changed) =>
        (outcome.Outcome == OutcomeKind.Started ? outcome with { Outcome = OutcomeKind.Restarted } : outcome) with { Changed = changed };

    private void RunOnce(RunCommand command, TaskCompletionSource<CommandResult> reply)
    {
        var config = Register(command.Config);
        var script = Select(config, [command.Name])[0];
        if (script.Run is { } run)
        {
            throw new ScriptOperationException($"{script.Key.Name} is already running (pid {run.Pid})", "wait for it to finish, or use 'th restart'");
        }

        script.CancelPendingRestart();
        if (StopLeftoversBeforeStart(script, new StartRunOnceStopped(RunTrigger.Run)))
        {
            Reply(reply, new OutcomesResult([new ScriptOutcome(script.Key.Name, OutcomeKind.StartingOnceStopped, null, null, "stopping what an earlier run left in its process group first")]));
            return;
        }

        var error = Start(script, RunTrigger.Run);
        Reply(reply, new OutcomesResult([new ScriptOutcome(script.Key.Name, error is null ? OutcomeKind.Started : OutcomeKind.FailedToStart, script.Run?.Pid, error, null)]));
    }

    private ImmutableArray<ScriptSnapshot> Status(ConfigSource? source)
    {
        var now = _time.GetUtcNow();
        var configPath = source?.Path;
        if (source is not null && !_configs.ContainsKey(source.Path))
        {
            // A config the daemon has not been told about yet: show its scripts as stopped.
            return [.. source.Config.Scripts.Select(s => new ScriptSnapshot(s.Name, source.Path, ScriptStatus.Stopped, null, null, null, 0, 0, null, null))];
        }

        return WithResources([.. _scripts.Values
            .Where(s => configPath is null || s.Key.ConfigPath == configPath)
            .OrderBy(s => s.Key.ConfigPath, StringComparer.Ordinal)
            .ThenBy(s => ConfigOrder(s.Key))
            .Select(s => s.Snapshot(now, ProcessesLeft(s)))]);
    }

    /// <summary>Live processes in the script's groups whose leader is gone (a run waiting for its group, and leftovers).</summary>
    private int ProcessesLeft(ManagedScript script)
    {
        var left = script.Leftovers.Sum(r => _host.CountLiveMembers(r.Pgid));
        return script.Run is { Exit: not null } run ? left + _host.CountLiveMembers(run.Pgid) : left;
    }

    private ImmutableArray<LogSource> LogSources(LogSourcesCommand command)
    {
        // Registering an unknown config here gives its scripts writers, so a follower attaches to their first run.
        var config = RegisteredOrRegister(command.Config);
        var specs = command.Name is null ? config.Scripts : [FindSpec(config, command.Name)];
        return [.. specs.Select(s => new LogSource(
            s.Name,
            LogPathOf(config, s.Name),
            config.Settings.Log.MaxFiles,
            _scripts.TryGetValue(new ScriptKey(config.ConfigPath, s.Name), out var script) ? script.Log : null))];
    }

    private int ConfigOrder(ScriptKey key) =>
        _configs.TryGetValue(key.ConfigPath, out var config) ? config.IndexOf(key.Name) : int.MaxValue;

    /// <summary>The named scripts of a registered config (all when none are named); an unknown name fails the whole command.</summary>
    private ImmutableArray<ManagedScript> Select(ProjectConfig config, ImmutableArray<string> names)
    {
        if (names.IsDefaultOrEmpty)
        {
            return [.. config.Scripts.Select(s => _scripts[new ScriptKey(config.ConfigPath, s.Name)])];
        }

        return [.. names.Distinct(StringComparer.Ordinal).Select(name =>
        {
            FindSpec(config, name);
            return _scripts[new ScriptKey(config.ConfigPath, name)];
        })];
    }

    private static ScriptSpec FindSpec(ProjectConfig config, string name) =>
        config.Find(name) ?? throw new ScriptNotFoundException(
            $"no script named '{name}' in {config.ConfigPath}",
            $"scripts there: {string.Join(", ", config.Scripts.Select(s => s.Name))}");

    private ProjectConfig RegisteredOrRegister(ConfigSource source) =>
        _configs.TryGetValue(source.Path, out var config) ? config : Register(source.Config);
}
