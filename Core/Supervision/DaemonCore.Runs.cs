using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Starting and reaping runs, and the process groups they leave (stopping: DaemonCore.Stopping.cs).</summary>
internal sealed partial class DaemonCore
{
    /// <summary>Spawns a run of the script. Returns null on success, else why it could not start (also logged and recorded).</summary>
    private string? Start(ManagedScript script, RunTrigger trigger)
    {
        HostedProcess process;
        if (StartsWithinDescriptorBudget(1, out var refusal) == 0 && refusal is not null)
        {
            return FailedToStart(script, trigger, refusal, intoScriptLog: false);
        }

        try
        {
            process = _host.Spawn(SpawnRequestFor(script.Spec));
        }
        catch (Exception e) when (IsStartFailure(e))
        {
            return FailedToStart(script, trigger, e);
        }

        return Started(script, trigger, process);
    }

    /// <summary>
    /// How many of <paramref name="wanted"/> starts fit under the descriptors the daemon keeps for itself
    /// (<see cref="DescriptorBudget"/>); <paramref name="refusal"/> is the error a refused one fails with,
    /// null when none is refused.
    /// </summary>
    private int StartsWithinDescriptorBudget(int wanted, out ScriptOperationException? refusal)
    {
        var limit = _host.DescriptorLimit();
        var allowed = DescriptorBudget.StartsAllowed(limit, _runsByPid.Count, wanted, _host.CountOpenDescriptors);
        refusal = allowed < wanted && limit is { } l ? new ScriptOperationException(DescriptorBudget.Refusal(l)) : null;
        return allowed;
    }

    /// <summary>What the host is asked to spawn for a run of <paramref name="spec"/>.</summary>
    private SpawnRequest SpawnRequestFor(ScriptSpec spec) =>
        new(
            ShellCommand.Shell,
            ShellCommand.Arguments(spec.Command),
            spec.WorkingDirectory,
            ScriptEnvironment.Build(spec, _inheritedEnvironment),
            spec.Terminal is null ? SpawnStdio.Pipes : SpawnStdio.Terminal,
            NewSession: false)
        { TerminalSize = spec.Terminal ?? TerminalSize.Default };

    /// <summary>A start that failed for a reason the user can act on (a missing directory, no descriptors left), not a bug.</summary>
    private static bool IsStartFailure(Exception e) => e is ThException or NativeCallException or IOException or UnauthorizedAccessException;

    /// <summary>
    /// Records a start that failed; returns why, in one sentence. A start refused to keep the daemon's
    /// descriptors (<paramref name="intoScriptLog"/> false) is not written to the script's own log: opening
    /// dozens of log files at once to say so would spend the very reserve it keeps.
    /// </summary>
    private string FailedToStart(ManagedScript script, RunTrigger trigger, Exception e, bool intoScriptLog = true)
    {
        var reason = SystemErrorText.Of(e);
        script.Status = ScriptStatus.Failed;
        if (intoScriptLog)
        {
            script.Log.WriteEvent($"failed to start: {reason}");
        }

        _log.ScriptSpawnFailed(script.Key.Name, script.Key.ConfigPath, reason);
        _history.FailedToStart(script.Key, trigger, _time.GetUtcNow(), reason);
        MarkDirty();
        return reason;
    }

    /// <summary>Makes the spawned <paramref name="process"/> the script's current run. Returns null (no error), as <see cref="Start"/> does.</summary>
    private string? Started(ManagedScript script, RunTrigger trigger, HostedProcess process)
    {
        // The batch's /proc pass predates this group: it would take the new group for an empty one.
        _liveGroups = null;
        var now = _time.GetUtcNow();
        var run = new ScriptRun(++_lastInstance, process.Pid, process.Pgid, process.StartTime, now, trigger);
        _runsByPid[process.Pid] = (script.Key, run.Instance);
        script.Run = run;
        script.Status = ScriptStatus.Running;
        script.LastStartedAt = now;
        script.Log.WriteEvent($"started pid {run.Pid} ({RunTriggerText.Of(trigger)})");
        // Before the pumps: a log: probe must see the run's first line.
        ArmHealthcheck(script, run);
        run.OutputDrained = PumpOutputAsync(script, process, run.Output.Token);
        _history.Started(script.Key, run);
        _log.ScriptStarted(script.Key.Name, script.Key.ConfigPath, run.Pid, trigger.ToString().ToLowerInvariant());
        MarkDirty();
        WatchMemory(script);
        return null;
    }

    private async Task PumpOutputAsync(ManagedScript script, HostedProcess process, CancellationToken cancellationToken)
    {
        using (process)
        {
            try
            {
                if (process.Terminal is { } terminal)
                {
                    await script.Log.PumpAsync(terminal, LogStream.Tty, cancellationToken);
                }
                else if (process is { Stdout: { } stdout, Stderr: { } stderr })
                {
                    await Task.WhenAll(
                        script.Log.PumpAsync(stdout, LogStream.Stdout, cancellationToken),
                        script.Log.PumpAsync(stderr, LogStream.Stderr, cancellationToken));
                }
            }
            catch (OperationCanceledException)
            {
                // Cancelled after the grace: a process outside the group kept the pipes open.
            }
            catch (Exception e)
            {
                // Lines are lost, the run is not: its exit must still be handled (see DeferExitUntilDrainedAsync).
                _log.OutputPumpFailed(script.Key.Name, e);
            }
        }
    }

    /// <summary>
    /// The exit often arrives before the last output is read from the pipes: let the pumps finish
    /// (at most <see cref="ExitDrainWait"/>, since a grandchild may hold the pipes open) and only then
    /// handle the exit, so "[th] exited" follows the script's last line. Whatever the drain does
    /// (finish, time out, fault), the exit is posted.
    /// </summary>
    private async Task DeferExitUntilDrainedAsync(ProcessExited exited, Task drained)
    {
        try
        {
            await drained.WaitAsync(ExitDrainWait, _time);
        }
        catch (TimeoutException)
        {
            // Still open: handle the exit now and let the pumps catch up on their own.
        }
        catch (Exception e)
        {
            _log.OutputPumpFailed($"pid {exited.Pid}", e);
        }
        finally
        {
            Post(exited with { OutputDrained = true });
        }
    }

    private void OnProcessExited(ProcessExited exited)
    {
        if (TakeProbeExit(exited))
        {
            return;
        }

        if (!_runsByPid.TryGetValue(exited.Pid, out var owner) || CurrentRun(owner.Key, owner.Instance) is not ({ } script, { } run))
        {
            _runsByPid.Remove(exited.Pid);
            return;
        }

        if (!exited.OutputDrained && run.OutputDrained is { IsCompleted: false } drained)
        {
            _ = DeferExitUntilDrainedAsync(exited, drained);
            return;
        }

        _runsByPid.Remove(exited.Pid);
        run.Exit = exited.Status;
        run.ExitedAt = _time.GetUtcNow();
        DisarmHealthcheck(script);
        MarkDirty();
        if (run.Stopping)
        {
            CheckGroup(script, run);
            return;
        }

        // At the main process's exit, not when the group is empty: a daemonized server keeps it alive.
        HintIfDaemonized(script, run, exited.Status);
        if (!_host.HasLiveMembers(run.Pgid, LiveGroupsThisBatch))
        {
            EndRun(script, run);
            return;
        }

        if (WouldRestart(script, run))
        {
            // The next run must not meet this one's processes (a port, a lock): stop them now, so the
            // wait overlaps the restart delay instead of adding to it.
            script.Log.WriteEvent($"main process exited ({exited.Status.Describe()}), {ProcessCount(_host.CountLiveMembers(run.Pgid))} left in its group; stopping them before the restart");
            StopGroup(script, run);
            return;
        }

        // The group outlives its leader: wait for it to end by itself, at most stop_timeout, so the
        // exit is recorded after its last lines.
        run.Deadline = Schedule(script.Spec.StopTimeout, new StopDeadline(script.Key, run.Instance));
        CheckGroup(script, run);
    }

    /// <summary>Whether the restart policy would run the script again after this exit (nothing is decided yet).</summary>
    private bool WouldRestart(ManagedScript script, ScriptRun run) =>
        !_shuttingDown && script.Desired == DesiredState.Up
        && RestartDecision.Decide(script.Spec, run.Exit ?? ExitStatus.Unknown, UptimeOf(run), script.Restarts).Restart;

    private TimeSpan UptimeOf(ScriptRun run) => (run.ExitedAt ?? _time.GetUtcNow()) - run.StartedAt;

    private void OnGroupCheck(GroupCheck check)
    {
        if (FindRun(check.Key, check.Instance) is ({ } script, { } run))
        {
            CheckGroup(script, run);
        }
    }

    /// <summary>A run is over when its whole group is gone, not only its leader; until then look again shortly.</summary>
    private void CheckGroup(ManagedScript script, ScriptRun run)
    {
        run.GroupCheck?.Dispose();
        run.GroupCheck = null;
        if (!_host.HasLiveMembers(run.Pgid, LiveGroupsThisBatch))
        {
            GroupGone(script, run);
            return;
        }

        if (run.Killed && ++run.GroupChecksAfterKill > MaxGroupChecksAfterKill)
        {
            script.Log.WriteEvent($"process group {run.Pgid} still has members after SIGKILL; leaving them");
            GroupGone(script, run);
            return;
        }

        run.GroupCheck = Schedule(GroupCheckInterval, new GroupCheck(script.Key, run.Instance));
    }

    private void GroupGone(ManagedScript script, ScriptRun run)
    {
        if (run == script.Run)
        {
            EndRun(script, run);
            return;
        }

        if (!script.Leftovers.Remove(run))
        {
            return;
        }

        run.Output.CancelAfter(OutputDrainGrace);
        run.CancelTimers();
        script.Log.WriteEvent($"process group {run.Pgid} is gone");
        if (!script.HasGroups && script.Status == ScriptStatus.Stopping)
        {
            script.Status = SettledAfterStop(script);
        }

        MarkDirty();
        AfterGroupsGone(script, run);
    }

    /// <summary>
    /// Members outlived the leader by stop_timeout: record the exit now and keep the group as a
    /// leftover (ps: "exited (0), 2 processes left") until it ends or a start or <c>down</c> stops it.
    /// </summary>
    private void KeepAsLeftover(ManagedScript script, ScriptRun run)
    {
        run.CancelTimers();
        run.Deadline = null;
        run.GroupCheck = null;
        script.Run = null;
        script.Leftovers.Add(run);
        RecordExit(script, run, _host.CountLiveMembers(run.Pgid));
        MarkDirty();
        Dispatch(new RunEnded(script, run));
    }

    private void EndRun(ManagedScript script, ScriptRun run)
    {
        script.Run = null;
        AdoptRegisteredSpec(script);
        _runsByPid.Remove(run.Pid);
        run.Output.CancelAfter(OutputDrainGrace);
        run.CancelTimers();
        RecordExit(script, run, 0);
        MarkDirty();
        if (run.StopRequested)
        {
            script.Status = SettledAfterStop(script);
            script.Log.WriteEvent("stopped");
        }

        Dispatch(new RunEnded(script, run));
    }

    private ScriptStatus SettledAfterStop(ManagedScript script) =>
        script.IsCron && script.Desired == DesiredState.Up && !_shuttingDown ? ScriptStatus.Waiting : ScriptStatus.Stopped;

    /// <summary>"[th] exited", the history's end and the last exit code: once per run, when its group is empty or outlived the leader by stop_timeout.</summary>
    private void RecordExit(ManagedScript script, ScriptRun run, int processesLeft)
    {
        if (run.ExitRecorded)
        {
            return;
        }

        run.ExitRecorded = true;
        var status = run.Exit ?? ExitStatus.Unknown;
        _history.Ended(run, status, _time.GetUtcNow());
        script.LastExitCode = ExitCodeOf(status);
        var left = processesLeft > 0 ? $"; {ProcessCount(processesLeft)} left in process group {run.Pgid}" : "";
        script.Log.WriteEvent($"exited: {status.Describe()}{left}");
        _log.ScriptRunEnded(script.Key.Name, run.Pid, status.Describe());
    }

    /// <summary>A run that ended on its own: the restart policy. Then, once no group is left, what the commands waiting for the script asked.</summary>
    private void OnRunEnded(RunEnded ended)
    {
        var (script, run) = (ended.Script, ended.Run);
        var (exit, uptime) = PolicyInputs(run);
        if (!run.StopRequested)
        {
            var sinceExit = run.ExitedAt is { } exitedAt ? _time.GetUtcNow() - exitedAt : TimeSpan.Zero;
            ApplyRestartPolicy(script, exit, uptime, restartInline: true, alreadyWaited: sinceExit,
                trigger: run.RestartForMemory ? RunTrigger.Memory : RunTrigger.Restart);
            NotifyRunFailed(script, run);
        }

        AfterGroupsGone(script, run);
    }

    /// <summary>Carries out <see cref="ManagedScript.AfterStop"/> once the script's run and every leftover group are gone.</summary>
    private void AfterGroupsGone(ManagedScript script, ScriptRun last)
    {
        if (script.HasGroups || script.AfterStop.Count == 0)
        {
            return;
        }

        var steps = script.AfterStop.ToList();
        script.AfterStop.Clear();
        foreach (var step in steps)
        {
            switch (step)
            {
                case ReportStopped report:
                    report.Outcomes.Set(report.Index, new ScriptOutcome(script.Key.Name, OutcomeKind.Stopped, last.Pid, null,
                        last.Killed ? $"killed after stop_timeout {script.Spec.StopTimeout.TotalSeconds:0.###}s" : null));
                    break;
                case StartAndReportRestarted restarted:
                    restarted.Outcomes.Set(restarted.Index, Restarted(BringUp(script, restarted.Trigger), restarted.Changed));
                    break;
                case StartAgainIfWanted again:
                    StartIfStillWanted(script, again.Trigger);
                    break;
                case StartRunOnceStopped once:
                    if (!_shuttingDown && script.Run is null && _scripts.ContainsKey(script.Key)
                        && (once.Trigger is not (RunTrigger.Cron or RunTrigger.CatchUp) || script.Desired == DesiredState.Up))
                    {
                        Start(script, once.Trigger);
                    }

                    break;
                case RestartOnceStopped restartOnce:
                    if (!_shuttingDown && script.Run is null && script.Desired == DesiredState.Up && _scripts.ContainsKey(script.Key))
                    {
                        RestartNow(script, restartOnce.Trigger);
                    }

                    break;
                case ApplyReloadedSpec reloaded:
                    reloaded.Changes.Set(reloaded.Index, WithError(reloaded.Change, TakeSpec(script, reloaded.Spec)));
                    break;
                case ForgetRemovedScript removed:
                    Forget(script);
                    removed.Changes.Set(removed.Index, removed.Change);
                    break;
                case ContinueOrderedStop ordered:
                    ContinueOrderedStop(ordered.Stop, script);
                    break;
                case CountTowardsShutdown:
                    _finished = --_shutdownRemaining == 0;
                    break;
            }
        }
    }

    /// <summary>
    /// Before any start: groups earlier runs left alive are stopped like a <c>down</c> (stop_signal,
    /// stop_timeout, SIGKILL), and <paramref name="then"/> starts the script once they are gone.
    /// False when none is alive (dead ones are forgotten here), so the caller starts at once.
    /// </summary>
    private bool StopLeftoversBeforeStart(ManagedScript script, AfterRunEnds then)
    {
        if (!StopLeftovers(script))
        {
            return false;
        }

        script.AfterStop.Add(then);
        script.Status = ScriptStatus.Stopping;
        MarkDirty();
        return true;
    }

    /// <summary>Starts stopping every live leftover group of the script; false when it has none.</summary>
    private bool StopLeftovers(ManagedScript script)
    {
        foreach (var gone in script.Leftovers.Where(r => !r.Stopping && !_host.HasLiveMembers(r.Pgid, LiveGroupsThisBatch)).ToList())
        {
            script.Leftovers.Remove(gone);
            gone.Output.CancelAfter(OutputDrainGrace);
            gone.CancelTimers();
        }

        foreach (var leftover in script.Leftovers.ToList())
        {
            if (!leftover.Stopping)
            {
                script.Log.WriteEvent($"{ProcessCount(_host.CountLiveMembers(leftover.Pgid))} left in process group {leftover.Pgid} by an earlier run");
            }

            StopGroup(script, leftover);
        }

        return script.Leftovers.Count > 0;
    }

    private static string ProcessCount(int count) => count == 1 ? "1 process" : $"{count} processes";

    private (ManagedScript?, ScriptRun?) CurrentRun(ScriptKey key, long instance) =>
        _scripts.TryGetValue(key, out var script) && script.Run is { } run && run.Instance == instance
            ? (script, run)
            : (null, null);

    /// <summary>The script's run or leftover group with this instance number.</summary>
    private (ManagedScript?, ScriptRun?) FindRun(ScriptKey key, long instance) =>
        CurrentRun(key, instance) is ({ } current, { } run) ? (current, run)
        : _scripts.TryGetValue(key, out var script) && script.Leftovers.Find(r => r.Instance == instance) is { } leftover ? (script, leftover)
        : (null, null);

    /// <summary>The exit code shown by ps: the code, or 128 + signal as shells report it.</summary>
    private static int? ExitCodeOf(ExitStatus status) => status.Code ?? (status.SignalNumber is { } signal ? 128 + signal : null);
}
