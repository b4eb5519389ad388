using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>The restart policy: what follows a run that ended on its own, backoff, and the restart itself.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>
    /// Decides what follows a run that ended on its own. A restart without delay after a real exit
    /// starts in this same event, so no timer hop and no state save sits between the exit and the
    /// new run; after a failed spawn it always goes through the timer, so a command that cannot
    /// start never loops inside one event.
    /// </summary>
    /// <remarks>
    /// <paramref name="alreadyWaited"/>: time since the leader's exit (waiting for its group), which counts into the delay.
    /// <paramref name="trigger"/> <see cref="RunTrigger.Memory"/>: the group was stopped for staying above
    /// <c>max_memory</c>, which restarts whatever the policy says, with its backoff and max_restarts.
    /// </remarks>
    private void ApplyRestartPolicy(ManagedScript script, ExitStatus exit, TimeSpan uptime, bool restartInline = false, TimeSpan alreadyWaited = default, RunTrigger trigger = RunTrigger.Restart)
    {
        var settled = exit.Success ? ScriptStatus.Exited : ScriptStatus.Failed;
        if (_shuttingDown || script.Desired == DesiredState.Down)
        {
            script.Status = settled;
            return;
        }

        var policy = trigger == RunTrigger.Memory ? script.Spec with { RestartPolicy = RestartPolicy.Always } : script.Spec;
        var decision = RestartDecision.Decide(policy, exit, uptime, script.Restarts);
        script.Restarts = decision.ConsecutiveRestarts;
        if (decision.Restart)
        {
            script.Status = ScriptStatus.Restarting;
            var delay = decision.Delay - alreadyWaited > TimeSpan.Zero ? decision.Delay - alreadyWaited : TimeSpan.Zero;
            script.Log.WriteEvent($"restarting in {delay.TotalSeconds:0.###}s (restart {decision.ConsecutiveRestarts} of {script.Spec.MaxRestarts})");
            script.CancelPendingRestart();
            if (restartInline && delay <= TimeSpan.Zero)
            {
                RestartNow(script, trigger);
            }
            else
            {
                script.RestartTimer = Schedule(delay, new RestartDue(script.Key, script.RestartGeneration, trigger));
            }

            return;
        }

        if (decision.GaveUp)
        {
            script.Log.WriteEvent($"gave up after {script.Spec.MaxRestarts} restarts in a row");
            _log.ScriptGaveUp(script.Key.Name, script.Spec.MaxRestarts);
            settled = ScriptStatus.Failed;
            Notify(script, NotifyEvent.Failed, ExitCodeOf(exit));
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
        RestartNow(script, due.Trigger);
    }

    private void RestartNow(ManagedScript script, RunTrigger trigger = RunTrigger.Restart)
    {
        if (StopLeftoversBeforeStart(script, new RestartOnceStopped(trigger)))
        {
            return;
        }

        // A restart the healthcheck asked for is recorded as such; the entry is taken either way.
        var byHealth = AutomaticRestartTrigger(script);
        if (Start(script, trigger == RunTrigger.Restart ? byHealth : trigger) is not null)
        {
            // A spawn that fails on restart counts as a failed run, so backoff and max_restarts still bound it.
            ApplyRestartPolicy(script, ExitStatus.Unknown, TimeSpan.Zero);
        }
    }
}
