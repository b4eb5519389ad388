using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Migration;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Cli.Commands;

/// <summary>
/// th migrate: a turtle-harbor 0.x config rewritten for this version, printed as a unified diff; with
/// <c>--write</c> the file is replaced and the original kept beside it as <c>FILE.0x.bak</c>.
/// </summary>
internal static class MigrateCommand
{
    public const string BackupSuffix = ".0x.bak";

    public static int Run(ClientContext context, string config, bool write)
    {
        var original = Read(config);
        Service.OldService.FromEnvironment()?.Explain(context.Error);
        var migration = ConfigMigrator.Migrate(original, config);
        if (!migration.Changed)
        {
            var why = migration.AlreadyNewForm is { } reason
                ? $"it is already in this version's form ({reason})"
                : "it means the same in this version";
            context.Output.WriteLine($"nothing to migrate: {ShellQuote.Path(config)}: {why}");
            return 0;
        }

        context.Output.Write(UnifiedDiff.Format($"{config}\t(turtle-harbor 0.x)", $"{config}\t(th)", migration.Lines));
        var remaining = Remaining(migration.Text, config);
        if (!write)
        {
            context.Output.Flush();
            context.Error.WriteLine($"hint: to apply: th migrate -c {ShellQuote.Path(config)} --write (keeps the original as {Path.GetFileName(config)}{BackupSuffix})");
        }
        else
        {
            var backup = config + BackupSuffix;
            Write(config, backup, migration.Text);
            context.Output.WriteLine($"wrote {ShellQuote.Path(config)}; the 0.x original is {ShellQuote.Path(backup)}");
        }

        if (remaining.Length > 0)
        {
            context.Output.Flush();
            context.Error.WriteLine($"th: the migrated config still has {remaining.Length} problem{(remaining.Length == 1 ? "" : "s")} for 'th validate' to fix by hand:");
            foreach (var problem in remaining)
            {
                context.Error.WriteLine(problem.ToString());
            }
        }

        return 0;
    }

    private static ConfigProblem[] Remaining(string text, string config)
    {
        try
        {
            ConfigLoader.Parse(text, config);
            return [];
        }
        catch (ConfigInvalidException e)
        {
            return [.. e.Problems];
        }
    }

    private static string Read(string config) =>
        ConfigFileReader.Read(config, "config file", "point to the 0.x scripts.yml with -c FILE");

    private static void Write(string config, string backup, string migrated)
    {
        if (File.Exists(backup))
        {
            throw new ThIoException($"{ShellQuote.Path(backup)} already exists; not overwriting an earlier backup",
                "move it away, then run 'th migrate --write' again");
        }

        var temporary = config + ".th-migrate.tmp";
        try
        {
            // The backup first: if anything after it fails, the original is safe beside the untouched config.
            File.Copy(config, backup, overwrite: false);
            File.WriteAllText(temporary, migrated);
            File.Move(temporary, config, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new ThIoException($"cannot write {ShellQuote.Path(config)}: {e.Message}", inner: e);
        }
    }
}
