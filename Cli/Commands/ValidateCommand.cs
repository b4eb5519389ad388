using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th validate: the config checked offline, every problem on its own line as file:line:column: message.</summary>
internal static class ValidateCommand
{
    /// <summary>A file only turtle-harbor 0.x would have written gets a pointer to th migrate (a valid one too: 'always' on cron means more here).</summary>
    private static void HintAtMigrate(ClientContext context, string config)
    {
        if (YamlOutline.Read(File.ReadAllText(config), new ConfigProblemList(config)) is { } outline
            && Core.Migration.ZeroXShape.ZeroXReason(outline) is { } reason)
        {
            context.Output.Flush();
            context.Error.WriteLine($"hint: this looks like a turtle-harbor 0.x config ({reason}); run 'th migrate' to see it converted, 'th migrate --write' to apply");
        }
    }

    public static int Run(ClientContext context, string config)
    {
        var problems = ConfigLoader.Validate(config);
        if (problems.IsEmpty)
        {
            var scripts = ConfigLoader.Load(config).Scripts.Length;
            context.Output.WriteLine($"{config}: ok ({scripts} script{(scripts == 1 ? "" : "s")})");
            HintAtMigrate(context, config);
            return 0;
        }

        foreach (var problem in problems)
        {
            context.Output.WriteLine(problem.ToString());
        }

        context.Error.WriteLine($"th: {problems.Length} problem{(problems.Length == 1 ? "" : "s")} in {Core.Paths.ShellQuote.Path(config)}");
        HintAtMigrate(context, config);
        return (int)Core.Errors.ExitCode.ConfigInvalid;
    }
}
