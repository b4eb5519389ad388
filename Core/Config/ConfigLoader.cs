using System.Collections.Immutable;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Loads scripts.yml (CONTRACTS.md §2) in four steps: <see cref="ConfigFileReader"/> (a regular file, bounded,
/// UTF-8), <see cref="YamlExpander"/> (syntax, duplicate keys, anchors and merge keys, bounded), <see cref="YamlOutline"/>
/// (positions by path), <see cref="ConfigSectionReader"/> (the generated YAML context, unknown keys, wrong shapes), and
/// <see cref="ConfigBuilder"/> (every value). A file with any problem fails as a whole, with all of them.
/// </summary>
internal static class ConfigLoader
{
    /// <param name="path">Absolute path of the config file.</param>
    public static ProjectConfig Load(string path)
    {
        var (config, problems) = Check(ReadFile(path), path);
        return config ?? throw new ConfigInvalidException(problems);
    }

    public static ProjectConfig Parse(string yaml, string path)
    {
        var (config, problems) = Check(yaml, path);
        return config ?? throw new ConfigInvalidException(problems);
    }

    /// <summary>Every problem in the file, empty when it is clean (for <c>th validate</c>).</summary>
    public static ImmutableArray<ConfigProblem> Validate(string path) => Check(ReadFile(path), path).Problems;

    private static (ProjectConfig? Config, ImmutableArray<ConfigProblem> Problems) Check(string yaml, string path)
    {
        path = Path.GetFullPath(path);
        var problems = new ConfigProblemList(path);
        var tree = YamlExpander.Read(yaml, problems);
        if (tree is null)
        {
            return (null, problems.ToImmutable());
        }

        var (expanded, map) = ExpandedYamlWriter.Write(tree);
        problems.Map = map;
        var outline = YamlOutline.Read(expanded, problems);
        if (outline is null)
        {
            return (null, problems.ToImmutable());
        }

        var sections = ConfigSectionReader.Read(expanded, outline, problems);
        var config = new ConfigBuilder(path, outline, sections, problems).Build();
        return (config, problems.ToImmutable());
    }

    private static string ReadFile(string path) => ConfigFileReader.Read(
        path, "config file", "create a scripts.yml here, or point to one with -c FILE or TURTLE_HARBOR_CONFIG");
}
