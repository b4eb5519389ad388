using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Ipc.Client;

namespace TurtleHarbor.Cli;

/// <summary>
/// Starts <c>th daemon --foreground</c> detached (its own session, no terminal, stdio to /dev/null)
/// and returns once its socket answers.
/// </summary>
internal static class DaemonLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task<int> StartAsync(ThPaths paths, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath ?? throw new InternalException("cannot find th's own executable to start the daemon");
        var environment = ProcessEnvironment.Snapshot();
        SpawnedProcess process;
        try
        {
            process = ProcessSpawner.Spawn(new SpawnRequest(
                self,
                [self, "daemon", "--foreground"],
                "/",
                environment,
                SpawnStdio.Null,
                NewSession: true));
        }
        catch (NativeCallException e)
        {
            throw new DaemonUnreachableException($"could not start the daemon: {e.Message}", inner: e);
        }

        using (process)
        {
            var exited = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var watcher = new ChildWatcher((_, status) => exited.TrySetResult(status));
            watcher.Watch(process.Pid);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (true)
            {
                if (exited.Task.IsCompleted)
                {
                    throw new DaemonUnreachableException(
                        $"the daemon exited at start ({(await exited.Task).Describe()})",
                        $"see {paths.DaemonLog}, or run 'th daemon --foreground' to watch it start");
                }

                if (await IpcClient.CanConnectAsync(paths, CancellationToken.None))
                {
                    return process.Pid;
                }

                // A refused connect costs microseconds; a coarse poll would add its whole interval to every start.
                await Task.WhenAny(exited.Task, Task.Delay(PollInterval, timeout.Token));
                cancellationToken.ThrowIfCancellationRequested();
                if (timeout.IsCancellationRequested)
                {
                    throw new DaemonUnreachableException($"the daemon did not answer within {StartTimeout.TotalSeconds:0}s", $"see {paths.DaemonLog}");
                }
            }
        }
    }
}
