using System.Globalization;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Cron scripts: arming, ticks and backoff. The schedule is only a source of <see cref="CronTick"/>
/// looks, taken from one queue behind one timer; what a tick does to the script happens here, on
/// the loop, like every other change.
/// </summary>
internal sealed partial class DaemonCore
{
    /// <summary>Every armed script's next look at its schedule, behind the one <see cref="_cronTimer"/>.</summary>
    private readonly CronWakeQueue _cronWakes = new();
    private ITimer? _cronTimer;

    /// <summary>When <see cref="_cronTimer"/> is set to fire (a monotonic timestamp); null when it is not set.</summary>
    private long? _cronTimerDue;

    /// <summary>Arms (or re-arms) the script's schedule from its current spec; replaces any earlier timer.</summary>
    private ScriptOutcome ArmCron(ManagedScript script)
    {
        var name = script.Key.Name;
        var now = _time.GetUtcNow();
        var from = script.Cron.LastTick is { } last && last > now ? last : now;
        if (!CronTrigger.TryCreate(script.Spec, from, _time.LocalTimeZone, out var trigger, out var error))
        {
            // The config was validated when loaded; only a time zone that vanished since ends up here.
            script.Cron.Disarm();
            script.Status = ScriptStatus.Failed;
            script.Log.WriteEvent($"cannot arm cron: {error}");
            _log.CronNotArmed(name, error!);
            MarkDirty();
            return new ScriptOutcome(name, OutcomeKind.FailedToArm, null, error, null);
        }

        script.Cron.Arm(trigger!);
        script.Cron.Look(now, _time.GetTimestamp(), _time.TimestampFrequency);
        if (script.Run is null && script.RestartTimer is null)
        {
            script.Status = ScriptStatus.Waiting;
        }

        WakeCronAfter(script, trigger!.WakeAfter(now));
        MarkDirty();
        // In the script's own zone (Cronos gives the tick with that zone's offset), as ps --json shows it.
        var next = trigger.Next is { } at ? $", next run {at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}" : ", no future run";
        if (trigger.Next is { } nextRun)
        {
            _log.CronArmed(name, script.Spec.Cron!, nextRun);
        }

        return new ScriptOutcome(name, OutcomeKind.Armed, script.Run?.Pid, null, $"cron {script.Spec.Cron}{next}");
    }

    private void WakeCronAfter(ManagedScript script, TimeSpan wake)
    {
        var generation = script.Cron.NextGeneration();
        _cronWakes.Add(script.Key, generation, _time.GetTimestamp() + (long)Math.Ceiling(wake.TotalSeconds * _time.TimestampFrequency));
        SetCronTimer();
    }

    /// <summary>Points the one cron timer at the earliest queued look, unless it already fires by then.</summary>
    private void SetCronTimer()
    {
        if (_cronWakes.EarliestDue is not { } earliest || _cronTimerDue is { } set && set <= earliest)
        {
            return;
        }

        _cronTimerDue = earliest;
        var ticks = Math.Max(0, earliest - _time.GetTimestamp());
        var wait = TimeSpan.FromMilliseconds(Math.Ceiling(ticks * 1000.0 / _time.TimestampFrequency));
        if (_cronTimer is null)
        {
            _cronTimer = _time.CreateTimer(_ => Post(new CronWakeDue()), null, wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _cronTimer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The cron timer fired: every look that is due now, then the timer for the next one.</summary>
    private void OnCronWakeDue()
    {
        _cronTimerDue = null;

        // A timer counts whole milliseconds: a look due within one more is taken now rather than a moment later.
        var now = _time.GetTimestamp() + _time.TimestampFrequency / 1000;
        foreach (var entry in _cronWakes.TakeDue(now))
        {
            OnCronTick(new CronTick(entry.Key, entry.Generation));
        }

        SetCronTimer();
    }

    private void OnCronTick(CronTick tick)
    {
        if (!_scripts.TryGetValue(tick.Key, out var script) || tick.Generation != script.Cron.Generation
            || script.Cron.Trigger is not { } trigger || script.Desired != DesiredState.Up || _shuttingDown)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var decision = trigger.Evaluate(now, script.Cron.Look(now, _time.GetTimestamp(), _time.TimestampFrequency));
        switch (decision.Action)
        {
            case CronAction.Run:
                FireCron(script, trigger, decision.Tick!.Value, now, RunTrigger.Cron);
                break;
            case CronAction.CatchUp:
                script.Log.WriteEvent($"cron: ticks missed since {Local(decision.Tick!.Value)} (the machine slept?); running once now (missed: run_once)");
                _log.CronMissed(script.Key.Name, decision.Tick!.Value, "run_once");
                FireCron(script, trigger, decision.Tick!.Value, now, RunTrigger.CatchUp);
                break;
            case CronAction.SkipMissed:
                script.Log.WriteEvent($"cron: ticks missed since {Local(decision.Tick!.Value)} (the machine slept?); skipped (missed: skip)");
                _log.CronMissed(script.Key.Name, decision.Tick!.Value, "skip");
                break;
        }

        if (decision.Action != CronAction.Wait)
        {
            script.Cron.LastTick = now;
            MarkDirty();
        }

        // Not decision.Wake: a failed start may have held the trigger back since.
        WakeCronAfter(script, trigger.WakeAfter(now));
    }

    /// <summary>Runs a due tick unless the previous run is still going; a failed start holds the schedule back but never ends it.</summary>
    private void FireCron(ManagedScript script, CronTrigger trigger, DateTimeOffset tick, DateTimeOffset now, RunTrigger why)
    {
        if (script.Run is { Trigger: RunTrigger.CatchUp } catchUp && why == RunTrigger.Cron)
        {
            // The catch-up stands for the ticks the machine slept through; this one fell after the wake and is a run of its own.
            if (!script.AfterStop.OfType<StartRunOnceStopped>().Any())
            {
                script.AfterStop.Add(new StartRunOnceStopped(RunTrigger.Cron));
                script.Log.WriteEvent($"cron tick {Local(tick)} runs once the catch-up run (pid {catchUp.Pid}) ends");
            }

            return;
        }

        if (script.Run is { } run)
        {
            script.Log.WriteEvent($"cron tick {Local(tick)} skipped: still running (pid {run.Pid}) since {Local(run.StartedAt)}");
            _log.CronTickSkipped(script.Key.Name, tick, run.Pid);
            return;
        }

        if (!DependenciesAllowTick(script, tick))
        {
            return;
        }

        // A fresh tick supersedes a retry the restart policy still had pending.
        script.CancelPendingRestart();
        script.Restarts = 0;
        if (StopLeftoversBeforeStart(script, new StartRunOnceStopped(why)))
        {
            return;
        }

        if (Start(script, why) is null)
        {
            script.Cron.ConsecutiveStartFailures = 0;
            return;
        }

        script.Status = ScriptStatus.Waiting;
        var failures = ++script.Cron.ConsecutiveStartFailures;
        if (failures < 2)
        {
            return;
        }

        // 1 s, 2 s, 4 s ... at most 5 minutes between attempts; the schedule itself never ends.
        var until = now + RestartDecision.Backoff(FirstStartFailureHold, failures - 2);
        trigger.HoldUntil(until);
        var next = trigger.Next is { } at ? Local(at) : "never";
        script.Log.WriteEvent($"cron: {failures} starts failed in a row; backing off, next run {next}");
        _log.CronBackingOff(script.Key.Name, failures, until);
    }

    /// <summary>
    /// A reload that only changed when a cron script runs re-arms it without touching a run in
    /// progress. Anything else disarms it here; the start that follows the restart arms it again.
    /// </summary>
    private bool RearmedInPlace(ManagedScript script, ScriptSpec spec, out ScriptOutcome? outcome)
    {
        outcome = null;
        var fields = ScriptSpecDiff.ChangedFields(script.Spec, spec);
        if (script.Spec.Cron is null || spec.Cron is null || fields.Any(f => !ScheduleFields.Contains(f)))
        {
            script.Cron.Disarm();
            return false;
        }

        script.Spec = spec;
        outcome = script.Desired == DesiredState.Up ? ArmCron(script) : null;
        return true;
    }

    private string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
