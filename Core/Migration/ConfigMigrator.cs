using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Migration;

/// <summary>
/// Rewrites a turtle-harbor 0.x scripts.yml for this version, line by line at the positions the YAML parser
/// reports, so untouched lines keep their comments and formatting. Each change ends its line with a
/// <c># th migrate:</c> comment saying why. What changes (facts from 0.x's source, see README "Coming from
/// turtle-harbor 0.x"): cron (see <see cref="ZeroXCron"/>), <c>restart_policy: always</c> (0.x restarted only
/// after a failure) to <c>on-failure</c> plus 0.x's restart pacing (15 s doubling to 300 s) as
/// <c>restart_delay: 15s</c>, and <c>env_file</c>/<c>venv</c>, which 0.x resolved against <c>context</c>.
/// </summary>
internal static class ConfigMigrator
{
    private const string Scripts = ConfigFileSection.ScriptsKey;

    /// <summary>The start of the comment on every line th migrate changed.</summary>
    public const string MigratedMark = "# th migrate:";

    /// <summary>The result; <see cref="Migration.Changed"/> is false when there is nothing to migrate.</summary>
    /// <exception cref="ConfigInvalidException">The text is not valid YAML.</exception>
    /// <exception cref="MigrationRefusedException">Some line has no equivalent in this version.</exception>
    public static Migration Migrate(string yaml, string path)
    {
        var problems = new ConfigProblemList(path);
        var outline = YamlOutline.Read(yaml, problems);
        if (outline is null || !problems.IsEmpty)
        {
            throw new ConfigInvalidException(problems.ToImmutable());
        }

        var edits = new TextEdits(yaml);

        // Run twice, the weekday renumbering would shift the days again; the notes of the first run tell.
        if (yaml.Contains(MigratedMark, StringComparison.Ordinal))
        {
            return new Migration(yaml, edits.Lines(), $"its lines say '{MigratedMark}', so it was migrated already");
        }

        if (ZeroXShape.NewFormReason(outline) is { } reason)
        {
            return new Migration(yaml, edits.Lines(), reason);
        }

        foreach (var script in outline.KeysUnder(Scripts))
        {
            var name = script.Text!;
            MigrateCron(yaml, outline, edits, problems, name);
            MigrateRestartPolicy(yaml, outline, edits, name);
            RebasePaths(yaml, outline, edits, problems, name);
        }

        if (!problems.IsEmpty)
        {
            throw new MigrationRefusedException(problems.ToImmutable());
        }

        return new Migration(edits.Result(), edits.Lines(), null);
    }

    private static void MigrateCron(string yaml, YamlOutline outline, TextEdits edits, ConfigProblemList problems, string name)
    {
        if (Scalar(outline.ValueAt(Scripts, name, "cron")) is not { } cron)
        {
            return;
        }

        var conversion = ZeroXCron.Convert(cron.Text!, out var error);
        if (conversion is null)
        {
            problems.Add(cron.Start, error!);
            return;
        }

        if (conversion.Notes.Count > 0 && OnOneLine(edits, cron, problems, "cron"))
        {
            edits.Replace(cron.Start.Index, cron.End, Render(yaml, cron, conversion.Expression),
                $"was \"{cron.Text}\": {string.Join(", ", conversion.Notes)}");
        }
    }

    private static void MigrateRestartPolicy(string yaml, YamlOutline outline, TextEdits edits, string name)
    {
        if (Scalar(outline.ValueAt(Scripts, name, "restart_policy")) is not { Text: "always" } policy)
        {
            return;
        }

        edits.Replace(policy.Start.Index, policy.End, Render(yaml, policy, "on-failure"),
            "0.x's 'always' restarted only after a failure; 'always' here also restarts after exit 0");
        if (outline.KeyAt(Scripts, name, "restart_delay") is not null)
        {
            return;
        }

        var key = outline.KeyAt(Scripts, name, "restart_policy")!;
        var line = edits.LineOf(key.Start.Index);
        var indent = edits.Line(line)[..key.Start.Column];
        if (indent.Trim().Length == 0)
        {
            edits.InsertAfter(line, $"{indent}restart_delay: 15s  # th migrate: 0.x waited 15 s before a restart, doubling to 300 s");
        }
        else
        {
            // A flow mapping ({ command: ..., restart_policy: always }): no line of its own to add.
            edits.Note(line, "add 'restart_delay: 15s' to keep 0.x's pacing");
        }
    }

    private static void RebasePaths(string yaml, YamlOutline outline, TextEdits edits, ConfigProblemList problems, string name)
    {
        if (Scalar(outline.ValueAt(Scripts, name, "context")) is not { } context)
        {
            return;
        }

        foreach (var key in (string[])["env_file", "venv"])
        {
            if (Scalar(outline.ValueAt(Scripts, name, key)) is not { } value || ZeroXPaths.Rebase(context.Text!, value.Text!) is not { } rebased)
            {
                continue;
            }

            if (OnOneLine(edits, value, problems, key))
            {
                edits.Replace(value.Start.Index, value.End, Render(yaml, value, rebased),
                    $"was \"{value.Text}\" in context \"{context.Text}\"; paths are now relative to this file's folder");
            }
        }
    }

    private static bool OnOneLine(TextEdits edits, YamlOutline.Node node, ConfigProblemList problems, string key)
    {
        if (edits.LineOf(node.Start.Index) == edits.LineOf(Math.Max(node.Start.Index, node.End - 1)))
        {
            return true;
        }

        problems.Add(node.Start, $"'{key}' spans several lines; put it on one line, then run 'th migrate' again");
        return false;
    }

    /// <summary>The new value in the original's quoting style, quoted when a plain scalar would change meaning.</summary>
    private static string Render(string yaml, YamlOutline.Node node, string value)
    {
        var quote = yaml[node.Start.Index];
        if (quote == '\'')
        {
            return $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
        }

        var plainIsSafe = quote != '"' && value.Length > 0 && !"*&!|>'\"%@`#-?:,[]{} ".Contains(value[0])
            && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal);
        return plainIsSafe
            ? value
            : $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }

    private static YamlOutline.Node? Scalar(YamlOutline.Node? node) => node is { Kind: YamlOutline.NodeKind.Scalar, Text: not null } ? node : null;
}

/// <summary>
/// A migration: the new text, each old line with what replaces it, and, when the file is already in this version's
/// form, why (then nothing changed).
/// </summary>
internal sealed record Migration(string Text, IReadOnlyList<LineChange> Lines, string? AlreadyNewForm)
{
    public bool Changed => Lines.Any(l => !l.Unchanged);
}
