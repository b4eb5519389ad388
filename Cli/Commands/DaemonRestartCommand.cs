using TurtleHarbor.Cli.Service;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// th daemon restart: a new daemon (e.g. after an upgrade) that brings back every script that was up.
/// When th's own service runs the daemon of this home, the service manager restarts it, so it stays
/// supervised; otherwise the daemon is stopped (its scripts stop, their desired state stays up) and a
/// detached one started, which starts them again from state.json.
/// </summary>
internal static class DaemonRestartCommand
{
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(ClientContext context, IServiceManager? service, CancellationToken cancellationToken)
    {
        context.Paths.EnsureSocketPathFits();
        if (service is not null && await IsServedByAsync(service, cancellationToken))
        {
            var before = await DaemonCommands.TryPingAsync(context, cancellationToken);
            await service.RestartAsync(cancellationToken);
            var after = await WaitForNewDaemonAsync(context, before?.Pid, cancellationToken);
            context.Output.WriteLine($"daemon restarted by {service.Description}: pid {after.Pid}, version {after.Version}");
            return 0;
        }

        var old = await DaemonCommands.StopRunningAsync(context, cancellationToken);
        var pid = (await DaemonLauncher.StartAsync(context.Paths, cancellationToken)).Pid;
        context.Output.WriteLine(old is { } oldPid
            ? $"daemon restarted: pid {oldPid} -> {pid}, version {context.Version}"
            : $"no daemon was running; started one (pid {pid}), version {context.Version}");
        return 0;
    }

    private static async Task<bool> IsServedByAsync(IServiceManager service, CancellationToken cancellationToken)
    {
        var path = service.DefinitionPath;
        return File.Exists(path)
            && service.ServesThisHome(await File.ReadAllTextAsync(path, cancellationToken))
            && await service.IsLoadedAsync(cancellationToken);
    }

    private static async Task<PongResponse> WaitForNewDaemonAsync(ClientContext context, int? oldPid, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RestartTimeout;
        while (true)
        {
            if (await DaemonCommands.TryPingAsync(context, cancellationToken) is { } pong && pong.Pid != oldPid)
            {
                return pong;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DaemonUnreachableException(
                    $"the service did not bring a new daemon up within {RestartTimeout.TotalMinutes:0} minutes",
                    "see 'th service status' and the daemon log");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
