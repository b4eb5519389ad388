using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// th validate: the config checked offline, every problem on its own line as file:line:column: message, then the
/// warnings (names that expand to nothing in this environment), which do not fail the check.
/// </summary>
internal static class ValidateCommand
{
    /// <param name="configPath">Resolves the config's path (and reads it: a file that is not UTF-8 is reported here too).</param>
    public static int Run(ClientContext context, Func<string> configPath)
    {
        string config;
        ConfigReport report;
        try
        {
            config = configPath();
            report = ConfigLoader.Review(config);
        }
        catch (Core.Errors.ConfigInvalidException e) when (!e.Problems.IsEmpty)
        {
            // Too large or not UTF-8: problems like any other, printed the same way.
            config = e.Problems[0].File;
            report = new ConfigReport(null, e.Problems, []);
        }

        foreach (var problem in report.Problems)
        {
            context.Output.WriteLine(problem.ToString());
        }

        foreach (var warning in report.Warnings)
        {
            context.Output.WriteLine(WithWarning(warning.ToString()));
        }

        var warnings = report.Warnings.Length == 0 ? "" : $", {Count(report.Warnings.Length, "warning")}";
        if (report.Config is { } loaded)
        {
            context.Output.WriteLine($"{config}: ok ({Count(loaded.Scripts.Length, "script")}{warnings})");
            return 0;
        }

        context.Error.WriteLine($"th: {Count(report.Problems.Length, "problem")} in {Core.Paths.ShellQuote.Path(config)}");
        return (int)Core.Errors.ExitCode.ConfigInvalid;
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    // file:line:column: warning: message, as compilers print them.
    private static string WithWarning(string line)
    {
        var cut = line.IndexOf(": ", StringComparison.Ordinal);
        return cut < 0 ? $"warning: {line}" : $"{line[..cut]}: warning: {line[(cut + 2)..]}";
    }
}
