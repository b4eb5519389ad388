using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// The refusal shared by `th reload` and `th up`: a file with no scripts left (an emptied file, an editor accident)
/// while the daemon still knows scripts of that config. `th reload` asks the daemon for a dry run first, which changes
/// nothing; `th up` asks with its own request (<see cref="UpRequest.RefuseEmptied"/>), answered by that dry run.
/// </summary>
internal static class EmptiedConfigGuard
{
    /// <param name="command">The th command, for the hint: reload or up.</param>
    /// <param name="consequence">What going ahead means, completed by the scripts' names: "reloading it would stop".</param>
    /// <exception cref="Core.Errors.UsageException">Every script the daemon knows of the config is gone from the file.</exception>
    public static async Task RefuseAsync(ClientContext context, string config, string command, string consequence, CancellationToken cancellationToken)
    {
        Refuse(await ClientRequests.SendAsync<ReloadResponse>(context, new ReloadRequest(config, DryRun: true), cancellationToken), config, command, consequence);
    }

    /// <summary>Throws when <paramref name="preview"/> (a dry run of the file) shows the file emptied; see <see cref="RefuseAsync"/>.</summary>
    /// <exception cref="Core.Errors.UsageException">Every script the daemon knows of the config is gone from the file.</exception>
    public static void Refuse(ReloadResponse preview, string config, string command, string consequence)
    {
        if (preview.EmptiesConfig())
        {
            throw new Core.Errors.UsageException(
                $"{Core.Paths.ShellQuote.Path(config)} has no scripts left; {consequence} {string.Join(", ", preview.Changes.Select(c => c.Name))}",
                $"if that is what you want, run 'th {command} --force' (or 'th down')");
        }
    }
}
