using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Daemon;

namespace TurtleHarbor.Cli;

/// <summary>
/// The daemon that serves a home after a start: its pid, whether this start is the one that made it, and whether it
/// gives receipts (<see cref="Ipc.Protocol.PongResponse.Receipts"/>).
/// </summary>
internal sealed record DaemonStart(int Pid, bool StartedHere, bool GivesReceipts);

/// <summary>
/// Starts <c>th daemon --foreground</c> detached (its own session, no terminal, stdio to /dev/null)
/// and returns once a th daemon answers a ping on the socket. When several starts race on one home,
/// one daemon takes the lock and the others exit at once; their launchers wait for the winner's answer,
/// so every start ends with the pid of the daemon that serves.
/// </summary>
internal static class DaemonLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>A lost lock race whose winner then vanished (or a stop probing the lock) is retried this many times.</summary>
    private const int MaxSpawns = 3;

    /// <param name="daemonArguments">More arguments for <c>th daemon --foreground</c> (e.g. <c>--http PORT</c>).</param>
    public static async Task<DaemonStart> StartAsync(ThPaths paths, CancellationToken cancellationToken, IReadOnlyList<string>? daemonArguments = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        for (var spawns = 1; ; spawns++)
        {
            using var process = Spawn(paths, daemonArguments ?? []);
            var exited = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var watcher = new ChildWatcher((_, status) => exited.TrySetResult(status));
            watcher.Watch(process.Pid);
            var lostRace = false;
            while (true)
            {
                try
                {
                    switch (await DaemonProbe.ProbeAsync(paths, timeout.Token))
                    {
                        case ThDaemon daemon:
                            return new DaemonStart(daemon.Pong.Pid, daemon.Pong.Pid == process.Pid, daemon.Pong.Receipts);
                        case ForeignListener foreign:
                            throw DaemonProbe.ForeignError(paths, foreign);
                    }

                    if (exited.Task.IsCompleted && !lostRace)
                    {
                        var status = await exited.Task;
                        // Exit 1 at start is the lock refusal (DaemonAlreadyRunningException): another daemon serves or is about to.
                        lostRace = status.Code == (int)ExitCode.ScriptOperationFailed;
                        if (!lostRace)
                        {
                            throw new DaemonUnreachableException(
                                $"the daemon exited at start ({status.Describe()})",
                                $"see {paths.DaemonLog}, or run 'th daemon --foreground' to watch it start");
                        }
                    }

                    if (lostRace && DaemonLock.IsFree(paths))
                    {
                        break;
                    }

                    // A refused connect costs microseconds; a coarse poll would add its whole interval to every start.
                    await Task.WhenAny(exited.Task, Task.Delay(PollInterval, timeout.Token));
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw lostRace
                        ? new DaemonUnreachableException(
                            $"another daemon holds the lock of {paths.Home} but did not answer within {StartTimeout.TotalSeconds:0}s",
                            $"see {paths.DaemonLog}; 'th daemon stop' stops it")
                        : new DaemonUnreachableException($"the daemon did not answer within {StartTimeout.TotalSeconds:0}s", $"see {paths.DaemonLog}");
                }
            }

            if (spawns == MaxSpawns)
            {
                throw new DaemonUnreachableException(
                    $"the daemon lost the lock of {paths.Home} {MaxSpawns} times to a daemon that then did not serve",
                    $"see {paths.DaemonLog}");
            }
        }
    }

    private static SpawnedProcess Spawn(ThPaths paths, IReadOnlyList<string> daemonArguments)
    {
        var self = Environment.ProcessPath ?? throw new InternalException("cannot find th's own executable to start the daemon");
        try
        {
            return ProcessSpawner.Spawn(new SpawnRequest(
                self,
                [self, "daemon", "--foreground", .. daemonArguments],
                "/",
                ProcessEnvironment.Snapshot(),
                SpawnStdio.Null,
                NewSession: true));
        }
        catch (NativeCallException e)
        {
            throw new DaemonUnreachableException($"could not start the daemon: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}", $"see {paths.DaemonLog}", e);
        }
    }
}
