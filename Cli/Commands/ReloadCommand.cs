using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th reload [--dry-run]: what was (or would be) started, stopped, restarted or left alone, field by field.</summary>
internal static class ReloadCommand
{
    /// <param name="force">Reload even when the file has no scripts left and every known one would stop.</param>
    /// <exception cref="Core.Errors.UsageException">The file has no scripts left (an emptied file, an editor accident) and <paramref name="force"/> is off.</exception>
    public static async Task<int> RunAsync(ClientContext context, string config, bool dryRun, bool force, CancellationToken cancellationToken)
    {
        // One request: the daemon reads the file once and answers an emptied one with the dry run that shows it.
        var response = await ClientRequests.SendAsync<ReloadResponse>(context, new ReloadRequest(config, dryRun, RefuseEmptied: !dryRun && !force), cancellationToken);
        if (response.DryRun && !dryRun)
        {
            EmptiedConfigGuard.Refuse(response, config, "reload", "reloading it would stop");
            throw new Core.Errors.ProtocolException("the daemon answered th reload with a dry run of a file that still has scripts");
        }

        if (dryRun)
        {
            context.Output.WriteLine("dry run: nothing was changed");
        }

        var width = response.Changes.Count == 0 ? 0 : response.Changes.Max(c => c.Name.Length);
        var failed = false;
        foreach (var change in response.Changes)
        {
            var (mark, verb) = Describe(change.Change, dryRun);
            var fields = change.Fields.Count > 0 ? $" ({string.Join(", ", change.Fields)})" : "";
            context.Output.WriteLine($"{mark} {change.Name.PadRight(width)}  {verb}{fields}");
            if (change.Error is { } error)
            {
                failed = true;
                context.Error.WriteLine($"th: {change.Name}: {error}");
            }
        }

        if (response.NotSaved is { } failure)
        {
            throw NotSavedError.Create(context, "reload done", plural: true, NotSavedError.Effect.Other, failure);
        }

        return failed ? 1 : 0;
    }

    private static (string Mark, string Verb) Describe(ReloadChangeKind kind, bool dryRun) => kind switch
    {
        ReloadChangeKind.Added => ("+", dryRun ? "would start (added)" : "started (added)"),
        ReloadChangeKind.Removed => ("-", dryRun ? "would stop (removed)" : "stopped (removed)"),
        ReloadChangeKind.Changed => ("~", dryRun ? "would restart (changed)" : "restarted (changed)"),
        _ => (" ", "unchanged"),
    };
}
