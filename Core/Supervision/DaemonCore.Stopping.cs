using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Stopping runs: the script's stop signal to its process group, then SIGKILL to the group once the grace period (stop_timeout) is over.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>A command or the shutdown stops the run: the exit that follows was asked for.</summary>
    private void Stop(ManagedScript script, ScriptRun run, bool force = false)
    {
        run.StopRequested = true;
        StopGroup(script, run, force);
    }

    /// <summary>
    /// Sends the script's stop signal to the run's group (once) and arms the SIGKILL deadline at
    /// stop_timeout; the group found empty finishes the stop. Works the same for a run whose leader
    /// is alive, one whose leader is gone, and a leftover group.
    /// </summary>
    private void StopGroup(ManagedScript script, ScriptRun run, bool force = false)
    {
        if (force && !run.Killed)
        {
            Kill(script, run, "shutting down at once");
            return;
        }

        if (run.Stopping)
        {
            return;
        }

        run.Stopping = true;
        // A leader that exited on its own armed a wait for its group; the stop's own deadline replaces it.
        run.Deadline?.Dispose();
        run.Deadline = null;
        if (script.Run == run)
        {
            DisarmHealthcheck(script);
        }

        if (script.Run is null || script.Run == run)
        {
            script.Status = ScriptStatus.Stopping;
            MarkDirty();
        }

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
        run.Stopping = true;
        run.Killed = true;
        script.Log.WriteEvent($"{why}: SIGKILL to process group {run.Pgid}");
        _host.SignalGroup(run.Pgid, Signal.Kill);
        if (run.Exit is not null)
        {
            CheckGroup(script, run);
        }
    }

    /// <summary>stop_timeout passed: since the stop signal (time for SIGKILL), or since a leader's own exit (its group outlived it).</summary>
    private void OnStopDeadline(StopDeadline deadline)
    {
        if (FindRun(deadline.Key, deadline.Instance) is not ({ } script, { } run) || run.Killed)
        {
            return;
        }

        if (run.Stopping)
        {
            Kill(script, run, $"still running {script.Spec.StopTimeout.TotalSeconds:0.###}s after the stop signal");
        }
        else if (run == script.Run && run.Exit is not null)
        {
            KeepAsLeftover(script, run);
        }
    }
}
