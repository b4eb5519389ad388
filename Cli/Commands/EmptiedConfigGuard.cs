using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// The refusal shared by `th reload` and `th up`: a file with no scripts left (an emptied file, an editor accident)
/// while the daemon still knows scripts of that config. Both ask with their own request (<see cref="UpRequest.RefuseEmptied"/>,
/// <see cref="ReloadRequest.RefuseEmptied"/>), which the daemon answers with the dry run that shows the emptied file.
/// </summary>
internal static class EmptiedConfigGuard
{
    /// <summary>Throws when <paramref name="preview"/> (a dry run of the file) shows the file emptied; see the class summary.</summary>
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
