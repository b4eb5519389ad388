using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Starting, stopping and reaping runs, and the restart policy.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>Spawns a run of the script. Returns null on success, else why it could not start (also logged and recorded).</summary>
    private string? Start(ManagedScript script, RunTrigger trigger)
    {
        var spec = script.Spec;
        HostedProcess process;
        try
        {
            var environment = ScriptEnvironment.Build(spec, _inheritedEnvironment);
            process = _host.Spawn(new SpawnRequest(
                ShellCommand.Shell,
                ShellCommand.Arguments(spec.Command),
                spec.WorkingDirectory,
                environment,
                spec.Terminal is null ? SpawnStdio.Pipes : SpawnStdio.Terminal,
                NewSession: false)
            { TerminalSize = spec.Terminal ?? TerminalSize.Default });
        }
        catch (Exception e) when (e is ThException or NativeCallException or IOException or UnauthorizedAccessException)
        {
            var reason = SystemErrorText.Of(e);
            script.Status = ScriptStatus.Failed;
            script.Log.WriteEvent($"failed to start: {reason}");
            _log.ScriptSpawnFailed(script.Key.Name, script.Key.ConfigPath, reason);
            _history.FailedToStart(script.Key, trigger, _time.GetUtcNow(), reason);
            MarkDirty();
            return reason;
        }

        var now = _time.GetUtcNow();
        var run = new ScriptRun(++_lastInstance, process.Pid, process.Pgid, process.StartTime, now, trigger);
        _runsByPid[process.Pid] = (script.Key, run.Instance);
        script.Run = run;
        script.Status = ScriptStatus.Running;
        script.LastPgid = run.Pgid;
        script.LastStartedAt = now;
        script.Log.WriteEvent($"started pid {run.Pid} ({trigger.ToString().ToLowerInvariant()})");
        run.OutputDrained = PumpOutputAsync(script.Log, process, run.Output.Token);
        _history.Started(script.Key, run);
        _log.ScriptStarted(script.Key.Name, script.Key.ConfigPath, run.Pid, trigger.ToString().ToLowerInvariant());
        MarkDirty();
        return null;
    }

    private static async Task PumpOutputAsync(ScriptLogWriter log, HostedProcess process, CancellationToken cancellationToken)
    {
        using (process)
        {
            try
            {
                if (process.Terminal is { } terminal)
                {
                    await log.PumpAsync(terminal, LogStream.Tty, cancellationToken);
                }
                else if (process is { Stdout: { } stdout, Stderr: { } stderr })
                {
                    await Task.WhenAll(
                        log.PumpAsync(stdout, LogStream.Stdout, cancellationToken),
                        log.PumpAsync(stderr, LogStream.Stderr, cancellationToken));
                }
            }
            catch (OperationCanceledException)
            {
                // Cancelled after the grace: a process outside the group kept the pipes open.
            }
        }
    }

    /// <summary>
    /// The exit often arrives before the last output is read from the pipes: let the pumps finish
    /// (at most <see cref="ExitDrainWait"/>, since a grandchild may hold the pipes open) and only then
    /// handle the exit, so "[th] exited" follows the script's last line.
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

        Post(exited with { OutputDrained = true });
    }

    /// <summary>Sends the stop signal to the run's group and arms the SIGKILL deadline; the exit event finishes the stop.</summary>
    private void Stop(ManagedScript script, ScriptRun run, bool force = false)
    {
        if (force && !run.Killed)
        {
            Kill(script, run, "shutting down at once");
            return;
        }

        if (run.StopRequested)
        {
            return;
        }

        run.StopRequested = true;
        var signal = script.Spec.StopSignal;
        script.Log.WriteEvent($"stopping: SIG{SignalNames.ToName(signal)} to process group {run.Pgid}");
        if (_host.SignalGroup(run.Pgid, signal) || run.Exit is null)
        {
            run.Deadline = Schedule(script.Spec.StopTimeout, new StopDeadline(script.Key, run.Instance));
        }

        if (run.Exit is not null)
        {
            CheckGroup(script, run);
        }
    }

    private void Kill(ManagedScript script, ScriptRun run, string why)
    {
        run.StopRequested = true;
        run.Killed = true;
        script.Log.WriteEvent($"{why}: SIGKILL to process group {run.Pgid}");
        _host.SignalGroup(run.Pgid, Signal.Kill);
        if (run.Exit is not null)
        {
            CheckGroup(script, run);
        }
    }

    private void OnStopDeadline(StopDeadline deadline)
    {
        if (CurrentRun(deadline.Key, deadline.Instance) is not ({ } script, { } run) || run.Killed)
        {
            return;
        }

        Kill(script, run, $"still running {script.Spec.StopTimeout.TotalSeconds:0.###}s after the stop signal");
    }

    private void OnProcessExited(ProcessExited exited)
    {
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
        _history.Ended(run, exited.Status, _time.GetUtcNow());
        script.LastExitCode = ExitCodeOf(exited.Status);
        script.Log.WriteEvent($"exited: {exited.Status.Describe()}");
        _log.ScriptRunEnded(script.Key.Name, exited.Pid, exited.Status.Describe());
        MarkDirty();
        if (run.StopRequested)
        {
            CheckGroup(script, run);
        }
        else
        {
            HintIfDaemonized(script, run, exited.Status);
            EndRun(script, run);
        }
    }

    private void OnGroupCheck(GroupCheck check)
    {
        if (CurrentRun(check.Key, check.Instance) is ({ } script, { } run))
        {
            CheckGroup(script, run);
        }
    }

    /// <summary>A stop is done when the whole group is gone, not only its leader; until then look again shortly.</summary>
    private void CheckGroup(ManagedScript script, ScriptRun run)
    {
        run.GroupCheck?.Dispose();
        run.GroupCheck = null;
        if (!_host.HasLiveMembers(run.Pgid, LiveGroupsThisBatch))
        {
            EndRun(script, run);
            return;
        }

        if (run.Killed && ++run.GroupChecksAfterKill > MaxGroupChecksAfterKill)
        {
            script.Log.WriteEvent($"process group {run.Pgid} still has members after SIGKILL; leaving them");
            EndRun(script, run);
            return;
        }

        run.GroupCheck = Schedule(GroupCheckInterval, new GroupCheck(script.Key, run.Instance));
    }

    private void EndRun(ManagedScript script, ScriptRun run)
    {
        script.Run = null;
        AdoptRegisteredSpec(script);
        _runsByPid.Remove(run.Pid);
        run.Output.CancelAfter(OutputDrainGrace);
        run.CancelTimers();
        MarkDirty();
        if (run.StopRequested)
        {
            script.Status = script.IsCron && script.Desired == DesiredState.Up && !_shuttingDown ? ScriptStatus.Waiting : ScriptStatus.Stopped;
            script.Log.WriteEvent("stopped");
        }

        Dispatch(new RunEnded(script, run));
    }

    /// <summary>A stopped run: what the commands waiting for it asked. A run that ended on its own: the restart policy.</summary>
    private void OnRunEnded(RunEnded ended)
    {
        var (script, run) = (ended.Script, ended.Run);
        if (!run.StopRequested)
        {
            ApplyRestartPolicy(script, run.Exit ?? ExitStatus.Unknown, _time.GetUtcNow() - run.StartedAt, restartInline: true);
            return;
        }

        var steps = run.AfterEnd.ToList();
        run.AfterEnd.Clear();
        foreach (var step in steps)
        {
            switch (step)
            {
                case ReportStopped report:
                    report.Outcomes.Set(report.Index, new ScriptOutcome(script.Key.Name, OutcomeKind.Stopped, run.Pid, null,
                        run.Killed ? $"killed after stop_timeout {script.Spec.StopTimeout.TotalSeconds:0.###}s" : null));
                    break;
                case StartAndReportRestarted restarted:
                    restarted.Outcomes.Set(restarted.Index, Restarted(BringUp(script, restarted.Trigger), restarted.Changed));
                    break;
                case StartAgainIfWanted again:
                    StartIfStillWanted(script, again.Trigger);
                    break;
                case ApplyReloadedSpec reloaded:
                    reloaded.Changes.Set(reloaded.Index, WithError(reloaded.Change, TakeSpec(script, reloaded.Spec)));
                    break;
                case ForgetRemovedScript removed:
                    Forget(script);
                    removed.Changes.Set(removed.Index, removed.Change);
                    break;
                case CountTowardsShutdown:
                    _finished = --_shutdownRemaining == 0;
                    break;
            }
        }
    }

    /// <summary>
    /// Decides what follows a run that ended on its own. A restart without delay after a real exit
    /// starts in this same event, so no timer hop and no state save sits between the exit and the
    /// new run; after a failed spawn it always goes through the timer, so a command that cannot
    /// start never loops inside one event.
    /// </summary>
    private void ApplyRestartPolicy(ManagedScript script, ExitStatus exit, TimeSpan uptime, bool restartInline = false)
    {
        var settled = exit.Success ? ScriptStatus.Exited : ScriptStatus.Failed;
        if (_shuttingDown || script.Desired == DesiredState.Down)
        {
            script.Status = settled;
            return;
        }

        var decision = RestartDecision.Decide(script.Spec, exit, uptime, script.Restarts);
        script.Restarts = decision.ConsecutiveRestarts;
        if (decision.Restart)
        {
            script.Status = ScriptStatus.Restarting;
            script.Log.WriteEvent($"restarting in {decision.Delay.TotalSeconds:0.###}s (restart {decision.ConsecutiveRestarts} of {script.Spec.MaxRestarts})");
            script.CancelPendingRestart();
            if (restartInline && decision.Delay <= TimeSpan.Zero)
            {
                RestartNow(script);
            }
            else
            {
                script.RestartTimer = Schedule(decision.Delay, new RestartDue(script.Key, script.RestartGeneration));
            }

            return;
        }

        if (decision.GaveUp)
        {
            script.Log.WriteEvent($"gave up after {script.Spec.MaxRestarts} restarts in a row");
            _log.ScriptGaveUp(script.Key.Name, script.Spec.MaxRestarts);
            settled = ScriptStatus.Failed;
        }

        script.Status = script.IsCron ? ScriptStatus.Waiting : settled;
    }

    private void OnRestartDue(RestartDue due)
    {
        if (!_scripts.TryGetValue(due.Key, out var script) || due.Generation != script.RestartGeneration
            || script.Run is not null || script.Desired != DesiredState.Up || _shuttingDown)
        {
            return;
        }

        script.RestartTimer?.Dispose();
        script.RestartTimer = null;
        RestartNow(script);
    }

    private void RestartNow(ManagedScript script)
    {
        if (Start(script, RunTrigger.Restart) is not null)
        {
            // A spawn that fails on restart counts as a failed run, so backoff and max_restarts still bound it.
            ApplyRestartPolicy(script, ExitStatus.Unknown, TimeSpan.Zero);
        }
    }

    private (ManagedScript?, ScriptRun?) CurrentRun(ScriptKey key, long instance) =>
        _scripts.TryGetValue(key, out var script) && script.Run is { } run && run.Instance == instance
            ? (script, run)
            : (null, null);

    /// <summary>The exit code shown by ps: the code, or 128 + signal as shells report it.</summary>
    private static int? ExitCodeOf(ExitStatus status) => status.Code ?? (status.SignalNumber is { } signal ? 128 + signal : null);
}
