namespace TurtleHarbor.Core.Native;

/// <summary>
/// Runs a helper to its end (a notification hook, notify-send, osascript): spawned like a script
/// (<see cref="ProcessSpawner"/>: its own process group, default signals, stdin and output on
/// /dev/null), waited for on a thread of its own with a blocking waitpid, so it is always reaped.
/// Past the timeout its whole group gets SIGKILL, and the wait goes on until the leader is reaped.
/// </summary>
internal static class ShortLivedProcess
{
    /// <summary>The helper's exit status, or null when it ran past <paramref name="timeout"/> (or was cancelled) and was killed.</summary>
    /// <exception cref="NativeCallException">It could not be started.</exception>
    public static async Task<ExitStatus?> RunAsync(SpawnRequest request, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var process = ProcessSpawner.Spawn(request);
        var exited = Task.Factory.StartNew(
            () => ChildWatcher.WaitBlocking(process.Pid),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            return await exited.WaitAsync(timeout, time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The leader is not reaped yet, so its pid (and the group id) cannot have been reused.
            ProcessGroup.Signal(process.ProcessGroupId, Signal.Kill);
            await exited;
            return null;
        }
    }
}
