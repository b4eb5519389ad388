using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision.Health;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Healthchecks: each run of a script with a <c>healthcheck</c> is checked on the daemon's clock (one timer
/// per run, no thread); network probes run as async I/O and post their result back; command probes spawn
/// through the process host in their own group; log probes watch the run's output until a line matches.
/// A result of any run but the script's current one is ignored.
/// </summary>
internal sealed partial class DaemonCore
{
    /// <summary>The first check comes this soon after the start (or after <c>interval</c>, when shorter), so readiness is known early.</summary>
    private static readonly TimeSpan FirstCheckDelay = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ScriptKey, HealthProbeRun> _healthProbes = [];

    /// <summary>Numbers every check of every probe, so a late result of a probe a reload replaced on the same run never passes for a new one's.</summary>
    private long _lastCheck;
    private readonly Dictionary<int, (ScriptKey Key, long Instance, long Check)> _probesByPid = [];

    /// <summary>Scripts whose next automatic restart follows their turning unhealthy (history trigger <c>unhealthy</c>).</summary>
    private readonly HashSet<ScriptKey> _restartsForHealth = [];

    /// <summary>Runs stopped for being unhealthy, with how long they had been healthy: the uptime the restart policy sees.</summary>
    private readonly Dictionary<long, TimeSpan> _unhealthyStops = [];

    /// <summary>The http and tcp probes; tests put a fake here before the loop starts.</summary>
    public IHealthProber HealthProber { get; set; } = new NetworkHealthProber();

    /// <summary>A new run started: its health is <c>starting</c> and its first check is armed.</summary>
    private void ArmHealthcheck(ManagedScript script, ScriptRun run)
    {
        DisarmHealthcheck(script);
        _restartsForHealth.Remove(script.Key);
        if (script.Spec.Healthcheck is not { } spec)
        {
            return;
        }

        var probe = new HealthProbeRun(run.Instance, spec, new HealthTracker(run.StartedAt, spec.StartPeriod, spec.Retries));
        _healthProbes[script.Key] = probe;
        if (spec.Kind == HealthProbeKind.Log && HealthLogPattern.TryCreate(spec.Target, out _) is { } pattern)
        {
            var (key, instance) = (script.Key, run.Instance);
            probe.LogListener = new LogReadyListener(pattern, () => Post(new HealthCheckDone(key, instance, -1, ProbeOutcome.Pass("a log line matched"))));
            script.Log.AddListener(probe.LogListener);
        }

        script.Health = HealthStatus.Starting;
        script.Log.WriteEvent($"health: starting ({Describe(spec)})");
        ScriptStateChanged(script);
        probe.NextCheck = Schedule(spec.Interval < FirstCheckDelay ? spec.Interval : FirstCheckDelay, new HealthCheckDue(script.Key, run.Instance));
    }

    /// <summary>The run ended or is being stopped: no more checks, a command probe in flight is killed, health is unknown.</summary>
    private void DisarmHealthcheck(ManagedScript script)
    {
        if (!_healthProbes.Remove(script.Key, out var probe))
        {
            return;
        }

        probe.CancelChecks();
        KillCommandProbe(probe);
        if (probe.LogListener is { } listener)
        {
            script.Log.RemoveListener(listener);
        }

        if (script.Health is not null)
        {
            script.Health = null;
            ScriptStateChanged(script);
        }
    }

    private void OnHealthEvent(HealthEvent health)
    {
        if (!_scripts.TryGetValue(health.Key, out var script) || !_healthProbes.TryGetValue(health.Key, out var probe)
            || probe.Instance != health.Instance || script.Run is not { Exit: null, Stopping: false } run || run.Instance != health.Instance)
        {
            return;
        }

        switch (health)
        {
            case HealthCheckDue:
                probe.NextCheck?.Dispose();
                probe.NextCheck = null;
                StartCheck(script, probe);
                break;
            case HealthCheckDone done when done.Check == -1 || (done.Check == probe.Check && probe.InFlight):
                CheckEnded(script, run, probe, done.Outcome);
                break;
            case HealthCheckTimedOut timedOut when timedOut.Check == probe.Check && probe.InFlight:
                KillCommandProbe(probe);
                CheckEnded(script, run, probe, ProbeOutcome.Fail($"timed out after {Durations.Format(probe.Spec.Timeout)}"));
                break;
        }
    }

    private void StartCheck(ManagedScript script, HealthProbeRun probe)
    {
        var check = probe.Check = ++_lastCheck;
        probe.InFlight = true;
        var (key, instance) = (script.Key, probe.Instance);
        switch (probe.Spec.Kind)
        {
            case HealthProbeKind.Log:
                Post(new HealthCheckDone(key, instance, check, probe.LogListener is { Matched: true }
                    ? ProbeOutcome.Pass("a log line matched")
                    : ProbeOutcome.Fail("no log line matched yet")));
                break;
            case HealthProbeKind.Command:
                StartCommandProbe(script, probe, check);
                break;
            default:
                probe.NetworkCheck = new CancellationTokenSource();
                _ = RunNetworkProbeAsync(key, instance, check, probe.Spec, probe.NetworkCheck.Token);
                break;
        }
    }

    private void StartCommandProbe(ManagedScript script, HealthProbeRun probe, long check)
    {
        var spec = script.Spec;
        try
        {
            var process = _host.Spawn(new SpawnRequest(
                ShellCommand.Shell,
                ShellCommand.Arguments(probe.Spec.Target),
                spec.WorkingDirectory,
                ScriptEnvironment.Build(spec, _inheritedEnvironment),
                SpawnStdio.Null,
                NewSession: false));
            process.Dispose();
            _liveGroups = null;
            _probesByPid[process.Pid] = (script.Key, probe.Instance, check);
            probe.CommandProbe = (process.Pid, process.Pgid);
            probe.CheckTimeout = Schedule(probe.Spec.Timeout, new HealthCheckTimedOut(script.Key, probe.Instance, check));
        }
        catch (Exception e) when (e is ThException or NativeCallException or IOException or UnauthorizedAccessException)
        {
            var reason = SystemErrorText.Of(e);
            _log.HealthProbeSpawnFailed(script.Key.Name, reason);
            Post(new HealthCheckDone(script.Key, probe.Instance, check, ProbeOutcome.Fail($"could not start: {reason}")));
        }
    }

    private async Task RunNetworkProbeAsync(ScriptKey key, long instance, long check, HealthcheckSpec spec, CancellationToken disarmed)
    {
        using var timeout = new CancellationTokenSource(spec.Timeout, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, disarmed);
        ProbeOutcome outcome;
        try
        {
            outcome = await HealthProber.ProbeAsync(spec.Kind, spec.Target, either.Token);
        }
        catch (OperationCanceledException) when (disarmed.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            outcome = ProbeOutcome.Fail($"timed out after {Durations.Format(spec.Timeout)}");
        }
        catch (Exception e)
        {
            // Whatever a probe throws is the target's failure, never the daemon's.
            outcome = ProbeOutcome.Fail(e.Message);
        }

        Post(new HealthCheckDone(key, instance, check, outcome));
    }

    /// <summary>A command probe's exit: the check's result. True when the pid was a probe's (the caller then has nothing to do).</summary>
    private bool TakeProbeExit(ProcessExited exited)
    {
        if (!_probesByPid.Remove(exited.Pid, out var owner))
        {
            return false;
        }

        if (_healthProbes.TryGetValue(owner.Key, out var probe) && probe.Instance == owner.Instance && probe.Check == owner.Check
            && probe.CommandProbe?.Pid == exited.Pid)
        {
            probe.CommandProbe = null;
            probe.CheckTimeout?.Dispose();
            probe.CheckTimeout = null;
            var outcome = exited.Status.Success ? ProbeOutcome.Pass("exit code 0") : ProbeOutcome.Fail(exited.Status.Describe());
            Post(new HealthCheckDone(owner.Key, owner.Instance, owner.Check, outcome));
        }

        return true;
    }

    /// <summary>SIGKILL to a command probe's whole group while its leader is not reaped yet (so the group id is still its own).</summary>
    private void KillCommandProbe(HealthProbeRun probe)
    {
        if (probe.CommandProbe is { } command)
        {
            _host.SignalGroup(command.Pgid, Signal.Kill);
            probe.CommandProbe = null;
        }
    }

    private void CheckEnded(ManagedScript script, ScriptRun run, HealthProbeRun probe, ProbeOutcome outcome)
    {
        probe.InFlight = false;
        probe.CheckTimeout?.Dispose();
        probe.CheckTimeout = null;
        probe.LastDetail = outcome.Detail;
        var now = _time.GetUtcNow();
        var healthySince = probe.Tracker.HealthySince;
        var changed = probe.Tracker.Record(outcome.Healthy, now);
        var readyForGood = probe.Spec.Kind == HealthProbeKind.Log && outcome.Healthy;
        if (readyForGood)
        {
            // Ready once, like process-compose's ready_log_line: the run stays healthy and capture stops testing lines.
            probe.NextCheck?.Dispose();
            probe.NextCheck = null;
            if (probe.LogListener is { } listener)
            {
                script.Log.RemoveListener(listener);
            }
        }
        else
        {
            probe.NextCheck?.Dispose();
            probe.NextCheck = Schedule(probe.Spec.Interval, new HealthCheckDue(script.Key, probe.Instance));
        }

        if (changed is { } health)
        {
            HealthChanged(script, run, probe, health, healthySince is { } since ? now - since : TimeSpan.Zero);
        }
    }

    private void HealthChanged(ManagedScript script, ScriptRun run, HealthProbeRun probe, HealthStatus health, TimeSpan wasHealthyFor)
    {
        script.Health = health;
        var word = health.ToString().ToLowerInvariant();
        var failures = health != HealthStatus.Unhealthy ? ""
            : probe.Tracker.Failures == 1 ? ", 1 failed check" : $", {probe.Tracker.Failures} failed checks in a row";
        script.Log.WriteEvent($"health: {word} ({probe.LastDetail}{failures})");
        _log.ScriptHealthChanged(script.Key.Name, word, probe.LastDetail);
        _history.HealthOf(run, health);
        MarkDirty();
        ScriptStateChanged(script);
        if (health != HealthStatus.Unhealthy)
        {
            return;
        }

        Notify(script, NotifyEvent.Unhealthy, null);
        if (script.Spec.OnUnhealthy == UnhealthyAction.Restart && script.Desired == DesiredState.Up && !_shuttingDown)
        {
            script.Log.WriteEvent("unhealthy: stopping it for a restart (on_unhealthy: restart)");
            _log.ScriptRestartingUnhealthy(script.Key.Name);
            _unhealthyStops[run.Instance] = wasHealthyFor;
            _restartsForHealth.Add(script.Key);
            // Not a stop the user asked for: when the group is gone, the restart policy decides (backoff, max_restarts).
            StopGroup(script, run);
        }
    }

    /// <summary>
    /// What the restart policy weighs for a run that ended on its own. A run stopped for being unhealthy is a
    /// failure (whatever its exit code), and its uptime is how long it was healthy, so a run that never got
    /// healthy counts towards max_restarts like a crash.
    /// </summary>
    private (ExitStatus Exit, TimeSpan Uptime) PolicyInputs(ScriptRun run)
    {
        var exit = run.Exit ?? ExitStatus.Unknown;
        return _unhealthyStops.Remove(run.Instance, out var healthyFor)
            ? (exit.Success ? ExitStatus.Unknown : exit, healthyFor)
            : (exit, UptimeOf(run));
    }

    /// <summary>The trigger of an automatic restart: <c>unhealthy</c> when the healthcheck caused it.</summary>
    private RunTrigger AutomaticRestartTrigger(ManagedScript script) =>
        _restartsForHealth.Remove(script.Key) ? RunTrigger.Unhealthy : RunTrigger.Restart;

    /// <summary>
    /// A reload that changed only <c>healthcheck</c> or <c>on_unhealthy</c> re-arms the probe on the running
    /// run instead of restarting it.
    /// </summary>
    private bool HealthRearmedInPlace(ManagedScript script, ScriptSpec spec, out ScriptOutcome? outcome)
    {
        outcome = null;
        var fields = ScriptSpecDiff.ChangedFields(script.Spec, spec);
        if (fields.IsEmpty || fields.Any(f => f is not ("healthcheck" or "on_unhealthy")))
        {
            return false;
        }

        script.Spec = spec;
        if (script.Run is { Exit: null, Stopping: false } run && !fields.SequenceEqual(["on_unhealthy"]))
        {
            ArmHealthcheck(script, run);
        }

        return true;
    }

    private void DisposeHealthchecks()
    {
        foreach (var probe in _healthProbes.Values)
        {
            probe.CancelChecks();
            KillCommandProbe(probe);
        }

        _healthProbes.Clear();
        HealthProber.Dispose();
    }

    private static string Describe(HealthcheckSpec spec) => spec.Kind == HealthProbeKind.Log
        ? $"waiting for a log line matching '{spec.Target}'"
        : $"{spec.KindName} '{spec.Target}' every {Durations.Format(spec.Interval)}";
}
