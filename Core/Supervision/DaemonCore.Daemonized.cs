namespace TurtleHarbor.Core.Supervision;

/// <summary>Telling the user when a command put itself in the background, which a supervisor cannot follow.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>
    /// A main process that exits 0 within <see cref="DaemonizeWindow"/> of its start while other
    /// processes of its group live on has most likely forked the real server and left
    /// (<c>redis-server --daemonize yes</c>, <c>nginx</c> without <c>daemon off;</c>): th would
    /// take that as the script's end and restart it by policy. Says so in the script's log.
    /// </summary>
    /// <remarks>A server that also calls setsid leaves the group, and no group probe can see it.</remarks>
    private void HintIfDaemonized(ManagedScript script, ScriptRun run, Native.ExitStatus status)
    {
        if (!status.Success || run.StopRequested || _time.GetUtcNow() - run.StartedAt >= DaemonizeWindow
            || !_host.HasLiveMembers(run.Pgid, LiveGroupsThisBatch))
        {
            return;
        }

        script.Log.WriteEvent(
            $"hint: the command exited 0 within {DaemonizeWindow.TotalSeconds:0.#}s and left processes running in its group {run.Pgid}: "
            + "it seems to have put itself in the background (daemonized); run it in the foreground instead "
            + "(e.g. redis-server --daemonize no, nginx -g 'daemon off;'), so th can supervise it");
    }
}
