using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;

namespace TurtleHarbor.Cli;

/// <summary>Connects to the daemon of this home, starting one in the background when none answers (unless autostart is off).</summary>
internal static class DaemonConnector
{
    public static async Task<IpcClient> ConnectAsync(ClientContext context, CancellationToken cancellationToken)
    {
        context.Paths.EnsureSocketPathFits();
        IpcClient client;
        try
        {
            client = await IpcClient.ConnectAsync(context.Paths, cancellationToken);
        }
        catch (DaemonUnreachableException) when (context.Autostart)
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
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }
}
