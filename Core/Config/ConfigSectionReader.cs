using SharpYaml;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Reads scripts.yml into <see cref="ConfigFileSection"/> with the generated <see cref="ConfigYamlContext"/>.
/// Unknown keys come from SharpYaml's unmapped-member callback (with a suggestion). A value of the wrong shape
/// for a section (a scalar where a mapping belongs) stops the serializer; we report it, blank that value out
/// with spaces (so every other position stays put) and read again, until the file reads through.
/// </summary>
internal static class ConfigSectionReader
{
    public sealed record Result(ConfigFileSection? File, IReadOnlySet<int> BlankedStarts);

    public static Result Read(string yaml, YamlOutline outline, ConfigProblemList problems)
    {
        var unknown = new List<YamlUnmappedMember>();
        var options = ConfigYamlContext.Default.CreateOptions(o => o with { UnmappedMemberCallback = unknown.Add });
        var typeInfo = (YamlTypeInfo<ConfigFileSection>)options.TypeInfoResolver!.GetTypeInfo(typeof(ConfigFileSection), options)!;
        var text = yaml.ToCharArray();
        var blanked = new HashSet<int>();
        while (true)
        {
            unknown.Clear();
            try
            {
                var file = YamlSerializer.Deserialize(new string(text), typeInfo);
                ReportUnknown(unknown, outline, problems);
                return new Result(file, blanked);
            }
            catch (YamlException e)
            {
                var node = outline.NodeAt(e.Start.Index);
                if (node is null || node.End <= node.Start.Index || !blanked.Add(node.Start.Index))
                {
                    // Not a shape we know how to step over: report it as SharpYaml says it and stop here.
                    problems.Add(e.Start, YamlMessages.WithoutPosition(e));
                    ReportUnknown(unknown, outline, problems);
                    return new Result(null, blanked);
                }

                problems.Add(node.Start, WrongShape(node));
                for (var i = node.Start.Index; i < node.End && i < text.Length; i++)
                {
                    text[i] = text[i] is '\n' or '\r' ? text[i] : ' ';
                }
            }
        }
    }

    private static void ReportUnknown(List<YamlUnmappedMember> unknown, YamlOutline outline, ConfigProblemList problems)
    {
        foreach (var member in unknown)
        {
            var where = outline.NodeAt(member.KeyStart.Index) is { } key ? YamlOutline.Describe(key.Path[..^1]) : "";
            var suggestion = member.SuggestedName is { } name ? $"; did you mean '{Quoted.Cut(name)}'?" : "";
            problems.Add(
                member.KeyStart,
                $"unknown key '{Quoted.Cut(member.Name)}' {where}{suggestion} (allowed: {string.Join(", ", member.KnownMemberNames)})");
        }
    }

    private static string WrongShape(YamlOutline.Node node)
    {
        var found = node.Kind switch
        {
            YamlOutline.NodeKind.Scalar => $"'{Quoted.Cut(node.Text ?? "")}'",
            YamlOutline.NodeKind.Sequence => "a list",
            YamlOutline.NodeKind.Alias => $"an alias (*{node.Text})",
            _ => "a mapping",
        };
        if (node.Kind == YamlOutline.NodeKind.Alias)
        {
            return $"aliases (*{node.Text}) are not supported in scripts.yml; write the value out";
        }

        if (node.IsKey)
        {
            return $"a key must be a plain string, found {found}";
        }

        return node.Path switch
        {
            [ConfigFileSection.ScriptsKey, var name] =>
                $"script '{Quoted.Cut(name)}' must be a mapping of settings (at least 'command: ...'), found {found}",
            [] => $"the file must be a mapping (settings:, scripts:), found {found}",
            _ => $"'{node.Path[^1]}' must be a mapping (key: value), found {found}",
        };
    }
}
