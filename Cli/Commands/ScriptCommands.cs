using System.Collections.Immutable;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th up, down, restart and run (and kill's printing): send the command, print what happened to each script.</summary>
internal static class ScriptCommands
{
    /// <param name="force">Go ahead even when the file has no scripts left while the daemon still runs some of that config.</param>
    /// <exception cref="Core.Errors.UsageException">The file has no scripts left (see <see cref="EmptiedConfigGuard"/>) and <paramref name="force"/> is off.</exception>
    /// <param name="noDeps">Start only the named scripts: neither start nor wait for what they depend on (compose's --no-deps).</param>
    public static async Task<int> UpAsync(ClientContext context, string config, string[] names, bool force, bool noDeps, CancellationToken cancellationToken)
    {
        var request = new UpRequest(config, names, noDeps, RefuseEmptied: names.Length == 0 && !force);
        // Through SendAsync, so a daemon dying under the request is retried like any other command's.
        var response = await DaemonConnector.SendAsync(context, request, cancellationToken);
        if (response is ReloadResponse { DryRun: true } preview)
        {
            // Throws; a dry run that empties nothing is no answer to up, and Expect below says so.
            EmptiedConfigGuard.Refuse(preview, config, "up", "the daemon still runs");
        }

        return Handle(context, ClientRequests.Expect<OutcomesResponse>(response), "up", NotSavedError.Effect.WantedUp);
    }

    public static Task<int> DownAsync(ClientContext context, string config, string[] names, CancellationToken cancellationToken) =>
        SendAsync(context, new DownRequest(config, names), "down", NotSavedError.Effect.WantedDown, cancellationToken);

    public static Task<int> RestartAsync(ClientContext context, string config, string[] names, CancellationToken cancellationToken) =>
        SendAsync(context, new RestartRequest(config, names), "restart", NotSavedError.Effect.WantedUp, cancellationToken);

    public static Task<int> RunAsync(ClientContext context, string config, string name, CancellationToken cancellationToken) =>
        SendAsync(context, new RunRequest(config, name), "run", NotSavedError.Effect.Other, cancellationToken);

    private static async Task<int> SendAsync(ClientContext context, Request request, string command, NotSavedError.Effect effect, CancellationToken cancellationToken) =>
        Handle(context, await ClientRequests.SendAsync<OutcomesResponse>(context, request, cancellationToken), command, effect);

    private static int Handle(ClientContext context, OutcomesResponse response, string command, NotSavedError.Effect effect)
    {
        var code = Print(context, [.. response.Outcomes]);
        if (response.NotSaved is { } failure)
        {
            var outcomes = response.Outcomes.Select(o => (o.Name, o.Outcome)).ToList();
            throw NotSavedError.Create(context, NotSavedError.Done(outcomes, command), outcomes.Count > 1, effect, failure);
        }

        return code;
    }

    /// <summary>One line per script; failures also go to stderr and make the exit code 1.</summary>
    public static int Print(ClientContext context, ImmutableArray<ScriptOutcome> outcomes)
    {
        var width = outcomes.IsEmpty ? 0 : outcomes.Max(o => o.Name.Length);
        var failed = false;
        foreach (var outcome in outcomes)
        {
            var pid = outcome.Pid is { } p ? $" (pid {p})" : "";
            var note = outcome.Note is { } n ? $" - {n}" : "";
            note += outcome.Changed is { Count: > 0 } changed ? $" - changed: {string.Join(", ", changed)}" : "";
            var color = outcome.Failed ? "31" : "32";
            var phrase = outcome.Outcome.Describe();
            var verb = context.Color ? $"\u001b[{color}m{phrase}\u001b[0m" : phrase;
            context.Output.WriteLine($"{outcome.Name.PadRight(width)}  {verb}{pid}{note}");
            if (outcome.Error is { } error)
            {
                failed = true;
                context.Error.WriteLine($"th: {outcome.Name}: {error}");
            }
        }

        return failed ? 1 : 0;
    }
}
