using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli;

/// <summary>
/// Connects to the daemon of this home, starting one in the background when none answers (unless
/// autostart is off), and talks past a daemon that dies under the client (issue 20 item 5).
/// </summary>
internal static class DaemonConnector
{
    /// <summary>How long a client whose connection broke waits for the dying daemon to let go of the home's lock.</summary>
    private static readonly TimeSpan LockReleasePatience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>For the commands that change something: the daemon, started first when none listens and autostart is on.</summary>
    public static async Task<IpcClient> ConnectAsync(ClientContext context, CancellationToken cancellationToken) =>
        await OpenOnceMoreAsync(context, context.Autostart, cancellationToken)
        ?? throw new InternalException("no daemon after a start");

    /// <summary>
    /// For the reading commands (ps, logs, history): the daemon if one listens, else null. Never
    /// starts one: a daemon would start every script that is wanted up.
    /// </summary>
    public static Task<IpcClient?> TryConnectAsync(ClientContext context, CancellationToken cancellationToken) =>
        OpenOnceMoreAsync(context, autostart: null, cancellationToken);

    /// <summary>
    /// Sends one request to the daemon (started first where <see cref="ClientContext.Autostart"/> allows).
    /// A daemon that dies before it answers is no daemon: the client waits for its lock to be released
    /// and sends once more (to a new daemon, or to none, exit 69, without autostart) when the request
    /// changes nothing (<see cref="ChangesNothing"/>) or when the dying daemon never read it: its write
    /// failed, or a daemon that gives receipts sent none (<see cref="Request.Receipt"/>). A change it
    /// received, or that an older daemon without receipts may have read, may have been carried out: it is
    /// not repeated, and the client exits 69 saying so.
    /// </summary>
    public static async Task<Response> SendAsync(ClientContext context, Request request, CancellationToken cancellationToken)
    {
        var changesNothing = ChangesNothing(request);
        for (var attempt = 0; ; attempt++)
        {
            await using var client = await ConnectAsync(context, cancellationToken);
            try
            {
                return await client.SendAsync(WithReceipt(request, changesNothing, client), cancellationToken);
            }
            catch (ConnectionLostException e) when (attempt == 0 && MayAskAgain(changesNothing, e.Delivery))
            {
                await WaitForLockReleaseAsync(context, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The retry rule for a request whose connection was lost before the answer: one that changes
    /// nothing always; a change only when the daemon never read it.
    /// </summary>
    public static bool MayAskAgain(bool changesNothing, RequestDelivery delivery) =>
        changesNothing || delivery == RequestDelivery.Unread;

    /// <summary>
    /// A change asks for a receipt where the daemon gives them; a read does not (it is asked again
    /// whatever happened, so the receipt would only cost a frame).
    /// </summary>
    public static Request WithReceipt(Request request, bool changesNothing, IpcClient client) =>
        !changesNothing && client.GivesReceipts ? request with { Receipt = true } : request;

    /// <summary>
    /// Runs a reading command's exchange with the daemon, or with null when none runs (the command
    /// then reads the saved files). When the connection breaks before the answer, the daemon was
    /// dying: once its lock is released the exchange runs again, with a new daemon or with the files.
    /// </summary>
    public static async Task<T> ReadAsync<T>(ClientContext context, Func<IpcClient?, Task<T>> exchange, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var client = await TryConnectAsync(context, cancellationToken);
            try
            {
                return await exchange(client);
            }
            catch (ConnectionLostException) when (attempt == 0 && client is not null)
            {
                await WaitForLockReleaseAsync(context, cancellationToken);
            }
        }
    }

    /// <summary>Requests that only read: sending one twice is the same as sending it once.</summary>
    public static bool ChangesNothing(Request request) =>
        request is PingRequest or StatusRequest or DaemonStatusRequest or HistoryRequest or LogsRequest { Follow: false } or ReloadRequest { DryRun: true };

    /// <summary>The version check's ping is the first request on a connection to a new daemon: if that daemon is dying, wait and open again.</summary>
    private static async Task<IpcClient?> OpenOnceMoreAsync(ClientContext context, bool? autostart, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenAsync(context, autostart, cancellationToken);
        }
        catch (ConnectionLostException)
        {
            await WaitForLockReleaseAsync(context, cancellationToken);
            return await OpenAsync(context, autostart, cancellationToken);
        }
    }

    /// <summary>
    /// Until no daemon holds the home's lock (the kernel drops it when the holder's process is gone),
    /// or <see cref="LockReleasePatience"/> passed: a daemon that stays, though it broke the
    /// connection, is then asked again as it is.
    /// </summary>
    private static async Task WaitForLockReleaseAsync(ClientContext context, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)LockReleasePatience.TotalMilliseconds;
        while (DaemonLockProbe.IsHeld(context.Paths.LockFile) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(LockPollInterval, cancellationToken);
        }
    }

    /// <param name="autostart">true: start one when none listens; false: error 69; null: return null.</param>
    private static async Task<IpcClient?> OpenAsync(ClientContext context, bool? autostart, CancellationToken cancellationToken)
    {
        context.Paths.EnsureSocketPathFits();
        IpcClient client;
        try
        {
            client = await IpcClient.ConnectAsync(context.Paths, cancellationToken);
        }
        catch (DaemonUnreachableException) when (autostart is null)
        {
            return null;
        }
        catch (DaemonUnreachableException) when (autostart is true)
        {
            // The daemon just started is this very executable: no version to compare. The launcher's ping said whether
            // the daemon that serves (ours, or one that won a race to start) gives receipts.
            var start = await DaemonLauncher.StartAsync(context.Paths, cancellationToken);
            var started = await IpcClient.ConnectAsync(context.Paths, cancellationToken);
            started.GivesReceipts = start.GivesReceipts;
            return started;
        }
        catch (DaemonUnreachableException e)
        {
            throw new DaemonUnreachableException(e.Message, "start it with 'th daemon', or unset TURTLE_HARBOR_NO_AUTOSTART", e);
        }

        try
        {
            await VersionCheck.CheckAsync(context, client, cancellationToken);
        }
        catch (Exception e) when (e is ProtocolException or DaemonUnreachableException or ConnectionLostException)
        {
            await client.DisposeAsync();
            if (e is ConnectionLostException && DaemonLockProbe.IsHeld(context.Paths.LockFile))
            {
                // A th daemon holds the home: it is dying (or going), not a foreign program; the caller waits for it and asks again.
                throw;
            }

            // The connect succeeded but the ping did not: say who holds the socket rather than how the bytes failed.
            if (await DaemonProbe.ProbeAsync(context.Paths, cancellationToken) is ForeignListener foreign)
            {
                throw DaemonProbe.ForeignError(context.Paths, foreign);
            }

            throw;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }
}
