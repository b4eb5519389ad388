using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// The refusal shared by `th reload` and `th up`: a file with no scripts left (an emptied file, an editor accident)
/// while the daemon still knows scripts of that config. Asked of the daemon as a reload dry run, which changes nothing.
/// </summary>
internal static class EmptiedConfigGuard
{
    /// <param name="command">The th command, for the hint: reload or up.</param>
    /// <param name="consequence">What going ahead means, completed by the scripts' names: "reloading it would stop".</param>
    /// <exception cref="Core.Errors.UsageException">Every script the daemon knows of the config is gone from the file.</exception>
    public static async Task RefuseAsync(ClientContext context, string config, string command, string consequence, CancellationToken cancellationToken)
    {
        var preview = await ClientRequests.SendAsync<ReloadResponse>(context, new ReloadRequest(config, DryRun: true), cancellationToken);
        if (preview.Changes.Count > 0 && preview.Changes.All(c => c.Change == ReloadChangeKind.Removed))
        {
            throw new Core.Errors.UsageException(
                $"{Core.Paths.ShellQuote.Path(config)} has no scripts left; {consequence} {string.Join(", ", preview.Changes.Select(c => c.Name))}",
                $"if that is what you want, run 'th {command} --force' (or 'th down')");
        }
    }
}
