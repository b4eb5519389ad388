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
            HintAtMigrate(context, config);
            return 0;
        }

        context.Error.WriteLine($"th: {Count(report.Problems.Length, "problem")} in {Core.Paths.ShellQuote.Path(config)}");
        HintAtMigrate(context, config);
        return (int)Core.Errors.ExitCode.ConfigInvalid;
    }

    /// <summary>A file only turtle-harbor 0.x would have written gets a pointer to th migrate (a valid one too: 'always' on cron means more here).</summary>
    private static void HintAtMigrate(ClientContext context, string config)
    {
        string yaml;
        try
        {
            yaml = ConfigFileReader.Read(config, "config file");
        }
        catch (Core.Errors.ThException)
        {
            // Reported above already: the hint is only for a file that reads.
            return;
        }

        if (YamlOutline.Read(yaml, new ConfigProblemList(config)) is { } outline
            && Core.Migration.ZeroXShape.ZeroXReason(outline) is { } reason)
        {
            context.Output.Flush();
            context.Error.WriteLine($"hint: this looks like a turtle-harbor 0.x config ({reason}); run 'th migrate' to see it converted, 'th migrate --write' to apply");
        }
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    // file:line:column: warning: message, as compilers print them.
    private static string WithWarning(string line)
    {
        var cut = line.IndexOf(": ", StringComparison.Ordinal);
        return cut < 0 ? $"warning: {line}" : $"{line[..cut]}: warning: {line[(cut + 2)..]}";
    }
}
