using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th validate: the config checked offline, every problem on its own line as file:line:column: message.</summary>
internal static class ValidateCommand
{
    public static int Run(ClientContext context, string config)
    {
        var problems = ConfigLoader.Validate(config);
        if (problems.IsEmpty)
        {
            var scripts = ConfigLoader.Load(config).Scripts.Length;
            context.Output.WriteLine($"{config}: ok ({scripts} script{(scripts == 1 ? "" : "s")})");
            return 0;
        }

        foreach (var problem in problems)
        {
            context.Output.WriteLine(problem.ToString());
        }

        context.Error.WriteLine($"th: {problems.Length} problem{(problems.Length == 1 ? "" : "s")} in {Core.Paths.ShellQuote.Path(config)}");
        return (int)Core.Errors.ExitCode.ConfigInvalid;
    }
}
