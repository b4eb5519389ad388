using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th kill [-s SIGNAL] [--main] [NAME...]: a signal to each script's process group (compose's kill), or its main process.</summary>
internal static class KillCommand
{
    /// <summary>compose's default: <c>docker compose kill</c> sends SIGKILL unless told otherwise.</summary>
    public const string DefaultSignal = "KILL";

    public static async Task<int> RunAsync(ClientContext context, string config, string signal, bool main, string[] names, CancellationToken cancellationToken)
    {
        var parsed = Parse(signal);
        var response = await ClientRequests.SendAsync<OutcomesResponse>(context, new KillRequest(config, names, parsed, main), cancellationToken);
        return ScriptCommands.Print(context, [.. response.Outcomes]);
    }

    /// <summary>A name as stop_signal takes it (TERM, SIGTERM, term) or its number on this OS.</summary>
    /// <exception cref="UsageException">Any other text.</exception>
    public static Signal Parse(string text) =>
        SignalNames.TryParseNameOrNumber(text, out var signal)
            ? signal
            : throw new UsageException($"unknown signal '{text}'", $"use one of {SignalNames.Sendable} (with or without SIG), or its number");
}
