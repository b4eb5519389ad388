using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;

namespace TurtleHarbor.Cli;

/// <summary>Connects to the daemon of this home, starting one in the background when none answers (unless autostart is off).</summary>
internal static class DaemonConnector
{
    /// <summary>For the commands that change something: the daemon, started first when none listens and autostart is on.</summary>
    public static async Task<IpcClient> ConnectAsync(ClientContext context, CancellationToken cancellationToken) =>
        await OpenAsync(context, context.Autostart, cancellationToken)
        ?? throw new InternalException("no daemon after a start");

    /// <summary>
    /// For the reading commands (ps, logs, history): the daemon if one listens, else null. Never
    /// starts one: a daemon would start every script that is wanted up.
    /// </summary>
    public static Task<IpcClient?> TryConnectAsync(ClientContext context, CancellationToken cancellationToken) =>
        OpenAsync(context, autostart: null, cancellationToken);

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
            // The daemon just started is this very executable: no version to compare.
            await DaemonLauncher.StartAsync(context.Paths, cancellationToken);
            return await IpcClient.ConnectAsync(context.Paths, cancellationToken);
        }
        catch (DaemonUnreachableException e)
        {
            throw new DaemonUnreachableException(e.Message, "start it with 'th daemon', or unset TURTLE_HARBOR_NO_AUTOSTART", e);
        }

        try
        {
            await VersionCheck.WarnIfDifferentAsync(context, client, cancellationToken);
        }
        catch (Exception e) when (e is ProtocolException or DaemonUnreachableException)
        {
            await client.DisposeAsync();
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
