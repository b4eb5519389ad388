using System.Text.Json;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Daemon;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th daemon (detached start), th daemon stop, th daemon status.</summary>
internal static class DaemonCommands
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Starts a daemon in the background and returns once it answers a ping; when a th daemon already
    /// serves this home (or another start wins the race), prints that one's pid and succeeds too.
    /// A socket held by a program that does not speak th's protocol is an error, never a start.
    /// </summary>
    /// <param name="http">The <c>--http</c> value to hand to the daemon (already checked by the caller), or null.</param>
    public static async Task<int> StartDetachedAsync(ClientContext context, CancellationToken cancellationToken, string? http = null)
    {
        context.Paths.EnsureSocketPathFits();
        switch (await DaemonProbe.ProbeAsync(context.Paths, cancellationToken))
        {
            case ThDaemon running:
                context.Output.WriteLine($"daemon already running (pid {running.Pong.Pid}), socket {context.Paths.Socket}");
                return 0;
            case ForeignListener foreign:
                throw DaemonProbe.ForeignError(context.Paths, foreign);
        }

        var start = await DaemonLauncher.StartAsync(context.Paths, cancellationToken, http is null ? [] : ["--http", http]);
        context.Output.WriteLine(start.StartedHere
            ? $"daemon started (pid {start.Pid}), socket {context.Paths.Socket}"
            : $"daemon already running (pid {start.Pid}), socket {context.Paths.Socket}");
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

        // The daemon answers first, then stops every script within their grace periods. It is gone
        // once its lock is free; its pid may linger as a zombie until a parent reaps it, which in a
        // container whose PID 1 does not reap is never, so a zombie counts as gone too.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        while (!DaemonLock.IsFree(context.Paths) && !ProcessIdentity.HasExited(pid))
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

        if (status.Notifications is { } notify)
        {
            context.Output.WriteLine($"notify   {notify.Sent} sent, {notify.Failed} failed, {notify.Dropped} dropped, {notify.RateLimited} held back by the rate limit");
        }

        return 0;
    }

    public static async Task<PongResponse?> TryPingAsync(ClientContext context, CancellationToken cancellationToken) =>
        await DaemonProbe.ProbeAsync(context.Paths, cancellationToken) switch
        {
            ThDaemon daemon => daemon.Pong,
            ForeignListener foreign => throw DaemonProbe.ForeignError(context.Paths, foreign),
            _ => null,
        };
}
