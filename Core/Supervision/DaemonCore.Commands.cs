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
            case DaemonStatusCommand:
                Reply(reply, new DaemonStatusResult(Environment.ProcessId, _startedAt, _scripts.Count, _configs.Count, _loki.Status(_configs.Values)));
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
        var targets = Select(config, command.Names);
        var pending = new PendingOutcomes<ScriptOutcome>(targets.Length, outcomes => Reply(reply, new OutcomesResult(outcomes)));
        for (var i = 0; i < targets.Length; i++)
        {
            if (RestartIfChanged(targets[i], config, pending, i, RunTrigger.Up) is { } outcome)
            {
                pending.Set(i, outcome);
            }
        }

        pending.CompleteIfEmpty();
    }

    /// <summary>
    /// <c>up</c> of a script: when it runs a definition other than <paramref name="config"/>'s, stops
    /// it and records the start with the new one (null returned; the outcome comes when the run has
    /// ended), else brings it up now.
    /// </summary>
    private ScriptOutcome? RestartIfChanged(ManagedScript script, ProjectConfig config, PendingOutcomes<ScriptOutcome> pending, int index, RunTrigger trigger)
    {
        if (script.Run is not { StopRequested: false } run || config.Find(script.Key.Name) is not { } spec
            || ScriptSpecDiff.ChangedFields(script.Spec, spec) is not { IsEmpty: false } changed)
        {
            return BringUp(script, trigger);
        }

        script.Desired = DesiredState.Up;
        MarkDirty();
        if (RearmedInPlace(script, spec, out var rearmed))
        {
            return rearmed! with { Changed = changed };
        }

        script.Log.WriteEvent($"definition changed ({string.Join(", ", changed)}): restarting with the new one");
        run.AfterEnd.Add(new StartAndReportRestarted(pending, index, trigger, changed));
        Stop(script, run);
        return null;
    }

    private ScriptOutcome BringUp(ManagedScript script, RunTrigger trigger)
    {
        var name = script.Key.Name;
        script.Desired = DesiredState.Up;
        MarkDirty();
        if (script.IsCron && script.Run is not { StopRequested: true })
        {
            return ArmCron(script);
        }

        if (script.Run is { } run)
        {
            if (run.StopRequested)
            {
                run.AfterEnd.Add(new StartAgainIfWanted(trigger));
                return new ScriptOutcome(name, OutcomeKind.StartingOnceStopped, run.Pid, null, null);
            }

            return new ScriptOutcome(name, OutcomeKind.AlreadyRunning, run.Pid, null, null);
        }

        script.CancelPendingRestart();
        script.Restarts = 0;
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
        for (var i = 0; i < targets.Length; i++)
        {
            var script = targets[i];
            script.Desired = DesiredState.Down;
            MarkDirty();
            if (StopScript(script, new ReportStopped(pending, i)) is { } outcome)
            {
                pending.Set(i, outcome);
            }
        }

        pending.CompleteIfEmpty();
    }

    /// <summary>
    /// Stops whatever the script has running. With a run, <paramref name="afterStop"/> is recorded on
    /// it for when its group is gone and null returned; without one, the outcome now.
    /// </summary>
    private ScriptOutcome? StopScript(ManagedScript script, AfterRunEnds afterStop)
    {
        var name = script.Key.Name;
        script.CancelPendingRestart();
        script.Cron.Disarm();
        if (script.Run is { } run)
        {
            run.AfterEnd.Add(afterStop);
            Stop(script, run);
            return null;
        }

        var wasPending = script.Status is ScriptStatus.Restarting or ScriptStatus.Waiting;
        script.Status = ScriptStatus.Stopped;
        string? note = null;
        if (script.LastPgid is { } pgid && _host.HasLiveMembers(pgid, _host.LiveGroups))
        {
            // The leader is gone but it left processes in its group: down means all of them.
            _host.SignalGroup(pgid, script.Spec.StopSignal);
            note = $"signalled processes left in group {pgid}";
        }

        return new ScriptOutcome(name, wasPending ? OutcomeKind.Stopped : OutcomeKind.AlreadyStopped, null, null, note);
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
            if (script.Run is { } run)
            {
                // The run ends first; the start then takes the registered (current) definition.
                var changed = config.Find(script.Key.Name) is { } spec ? ScriptSpecDiff.ChangedFields(script.Spec, spec) : [];
                run.AfterEnd.Add(new StartAndReportRestarted(pending, i, RunTrigger.Restart, changed.IsEmpty ? null : changed));
                Stop(script, run);
            }
            else
            {
                pending.Set(i, BringUp(script, RunTrigger.Restart));
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

        return [.. _scripts.Values
            .Where(s => configPath is null || s.Key.ConfigPath == configPath)
            .OrderBy(s => s.Key.ConfigPath, StringComparer.Ordinal)
            .ThenBy(s => ConfigOrder(s.Key))
            .Select(s => s.Snapshot(now))];
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
        _configs.TryGetValue(key.ConfigPath, out var config) ? config.Scripts.IndexOf(config.Find(key.Name)!) : int.MaxValue;

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
