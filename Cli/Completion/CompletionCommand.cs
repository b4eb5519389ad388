using System.CommandLine;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Cli.Completion;

/// <summary>th completion bash|zsh|fish, and the hidden th __complete-names the scripts call.</summary>
internal static class CompletionCommand
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static int Print(ClientContext context, RootCommand root, string shell)
    {
        var model = CompletionModel.From(root);
        context.Output.Write(shell switch
        {
            "zsh" => ZshCompletion.Render(model),
            "fish" => FishCompletion.Render(model),
            _ => BashCompletion.Render(model),
        });
        return 0;
    }

    /// <summary>
    /// The script names of the config, one a line; nothing (and exit 0) when there is no config or it
    /// does not load, because a completion must never print errors into the user's command line.
    /// </summary>
    public static int PrintNames(ClientContext context, Func<string> configPath)
    {
        try
        {
            foreach (var script in ConfigLoader.Load(configPath()).Scripts)
            {
                context.Output.WriteLine(script.Name);
            }
        }
        catch (Core.Errors.ThException)
        {
            // No config here, or a broken one: no names to offer.
        }

        return 0;
    }
}
