using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Top;

/// <summary>
/// <c>th top</c>: the live view on a terminal (<see cref="TopSession"/>); when stdout or stdin is not a
/// terminal (<c>th top | cat</c>, a script), one plain table of the same columns, then exit.
/// </summary>
internal static class TopCommand
{
    public static async Task<int> RunAsync(ClientContext context, string? config, bool all, CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected || Console.IsInputRedirected)
        {
            return await PrintOnceAsync(context, config, all, cancellationToken);
        }

        var session = new TopSession(context, config, all);
        return await session.RunAsync(cancellationToken);
    }

    private static async Task<int> PrintOnceAsync(ClientContext context, string? config, bool all, CancellationToken cancellationToken)
    {
        await using var client = await DaemonConnector.TryConnectAsync(context, cancellationToken)
            ?? throw new DaemonUnreachableException("the daemon is not running", "'th up' starts it with the scripts; 'th ps' shows what was saved");
        var scripts = ClientRequests.Expect<StatusResponse>(await client.SendAsync(new StatusRequest(config, all), cancellationToken)).Scripts;
        var table = new TextTable(all ? [.. TopCells.Headers, "CONFIG"] : TopCells.Headers);
        foreach (var row in scripts)
        {
            var cells = TopCells.Of(row, TimeZoneInfo.Local).Select((text, i) => (text, i == 1 && context.Color ? TopCells.StatusColor(row.Status) : null));
            table.Add([.. cells, .. all ? new[] { (row.Config, (string?)null) } : []]);
        }

        table.WriteTo(context.Output, context.Color);
        return 0;
    }
}
