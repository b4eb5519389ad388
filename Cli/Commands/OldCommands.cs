using System.CommandLine;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// turtle-harbor 0.x's commands that this version names differently: hidden from help, each says what to type
/// now and exits 64 (usage), so a script or a habit that still uses them stops with a pointer, not a parse error.
/// </summary>
internal static class OldCommands
{
    public static IEnumerable<Command> All =>
    [
        Pointer("list", "use 'th ps --all' (0.x's 'th list' is now 'th ps --all')"),
        Pointer("install", "use 'th service install' (0.x's 'th install' is now 'th service install'; its --http-port health endpoint has no successor yet)"),
        Pointer("uninstall", "use 'th service uninstall' (0.x's 'th uninstall' is now 'th service uninstall')"),
        Pointer("update", "use 'brew upgrade th', or unpack a newer release tarball over this th (0.x's 'th update' is gone; README: Install)"),
    ];

    private static Command Pointer(string name, string message)
    {
        // Whatever 0.x accepted after the command (e.g. --http-port 8080) must not turn into a parse error first.
        var rest = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, message) { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(rest);
        command.SetAction((ParseResult _) =>
        {
            Console.Error.WriteLine($"th: {message}");
            return (int)ExitCode.Usage;
        });
        return command;
    }
}
