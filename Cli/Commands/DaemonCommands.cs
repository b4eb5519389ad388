using System.Text.Json;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th daemon (detached start), th daemon stop, th daemon status.</summary>
internal static class DaemonCommands
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Starts a daemon in the background and returns once its socket answers; refuses when one already serves this home.</summary>
    public static async Task<int> StartDetachedAsync(ClientContext context, CancellationToken cancellationToken)
    {
        context.Paths.EnsureSocketPathFits();
        if (await TryPingAsync(context, cancellationToken) is { } running)
        {
            throw new DaemonAlreadyRunningException(
                $"a daemon (pid {running.Pid}) already serves {context.Paths.Home}",
                "use 'th daemon status', or 'th daemon stop' first");
        }

        var pid = await DaemonLauncher.StartAsync(context.Paths, cancellationToken);
        context.Output.WriteLine($"daemon started (pid {pid}), socket {context.Paths.Socket}");
        return 0;
    }

    public static async Task<int> StopAsync(ClientContext context, CancellationToken cancellationToken)
    {
        if (await StopRunningAsync(context, cancellationToken) is not { } pid)
        {
            context.Output.WriteLine("no daemon running");
            return 0;
        }

        context.Output.WriteLine($"daemon stopped (pid {pid})");
        return 0;
    }

    /// <summary>Stops the daemon of this home, if one answers, and returns its pid once the process is gone.</summary>
    public static async Task<int?> StopRunningAsync(ClientContext context, CancellationToken cancellationToken)
    {
        IpcClient client;
        try
        {
            client = await IpcClient.ConnectAsync(context.Paths, cancellationToken);
        }
        catch (DaemonUnreachableException)
        {
            return null;
        }

        int pid;
        await using (client)
        {
            pid = ClientRequests.Expect<PongResponse>(await client.SendAsync(new DaemonStopRequest(), cancellationToken)).Pid;
        }

        // The daemon answers first, then stops every script within their grace periods: wait for the process itself to go.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        while (ProcessIdentity.IsAlive(pid))
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ScriptOperationException($"the daemon (pid {pid}) is still stopping after {StopTimeout.TotalMinutes:0} minutes");
            }
        }

        return pid;
    }

    public static async Task<int> StatusAsync(ClientContext context, bool json, CancellationToken cancellationToken)
    {
        await using var client = await IpcClient.ConnectAsync(context.Paths, cancellationToken);
        var status = ClientRequests.Expect<DaemonStatusResponse>(await client.SendAsync(new DaemonStatusRequest(), cancellationToken));
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(status, IpcJsonContext.Default.DaemonStatusResponse));
            return 0;
        }

        context.Output.WriteLine($"pid      {status.Pid}");
        context.Output.WriteLine($"version  {status.Version}");
        context.Output.WriteLine($"uptime   {HumanDuration.Format(TimeSpan.FromSeconds(status.UptimeSecs))}");
        context.Output.WriteLine($"home     {status.Home}");
        context.Output.WriteLine($"socket   {status.Socket}");
        context.Output.WriteLine($"scripts  {status.Scripts} in {status.Configs} config(s)");
        foreach (var line in LokiStatusText.Lines(status.Loki, DateTimeOffset.UtcNow))
        {
            context.Output.WriteLine(line);
        }

        return 0;
    }

    public static async Task<PongResponse?> TryPingAsync(ClientContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await IpcClient.ConnectAsync(context.Paths, cancellationToken);
            return ClientRequests.Expect<PongResponse>(await client.SendAsync(new PingRequest(), cancellationToken));
        }
        catch (DaemonUnreachableException)
        {
            return null;
        }
    }
}
