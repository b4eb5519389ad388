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
        var report = Check(ReadFile(path), path);
        return report.Config ?? throw new ConfigInvalidException(report.Problems);
    }

    public static ProjectConfig Parse(string yaml, string path)
    {
        var report = Check(yaml, path);
        return report.Config ?? throw new ConfigInvalidException(report.Problems);
    }

    /// <summary>Every problem in the file, empty when it is clean.</summary>
    public static ImmutableArray<ConfigProblem> Validate(string path) => Check(ReadFile(path), path).Problems;

    /// <summary>The config with every problem and warning (for <c>th validate</c>).</summary>
    /// <exception cref="ConfigNotFoundException">No file at the path.</exception>
    /// <exception cref="ThIoException">The file cannot be read.</exception>
    /// <exception cref="ConfigInvalidException">Too large or not UTF-8.</exception>
    public static ConfigReport Review(string path) => Check(ReadFile(path), path);

    /// <summary>Parses <paramref name="yaml"/> as the file at <paramref name="path"/>, for tests.</summary>
    public static ConfigReport ReviewText(string yaml, string path) => Check(yaml, path);

    private static ConfigReport Check(string yaml, string path)
    {
        path = Path.GetFullPath(path);

        // Most files use no anchors: their outline is read once from the text itself, and the expanding pass (a tree
        // of the whole file, written back as text and parsed again) is skipped. It costs time and memory that grow
        // with the file (300 scripts: about 2 MiB of the daemon's RSS).
        var direct = new ConfigProblemList(path);
        if (YamlOutline.Read(yaml, direct) is { NeedsExpanding: false } plain && direct.IsEmpty)
        {
            var plainSections = ConfigSectionReader.Read(yaml, plain, direct);
            var plainConfig = new ConfigBuilder(path, plain, plainSections, direct).Build();
            return new ConfigReport(plainConfig, direct.ToImmutable(), direct.Warnings);
        }

        var problems = new ConfigProblemList(path);
        var tree = YamlExpander.Read(yaml, problems);
        if (tree is null)
        {
            return new ConfigReport(null, problems.ToImmutable(), problems.Warnings);
        }

        var (expanded, map) = ExpandedYamlWriter.Write(tree);
        problems.Map = map;
        var outline = YamlOutline.Read(expanded, problems);
        if (outline is null)
        {
            return new ConfigReport(null, problems.ToImmutable(), problems.Warnings);
        }

        var sections = ConfigSectionReader.Read(expanded, outline, problems);
        var config = new ConfigBuilder(path, outline, sections, problems).Build();
        return new ConfigReport(config, problems.ToImmutable(), problems.Warnings);
    }

    private static string ReadFile(string path) => ConfigFileReader.Read(
        path, "config file", "create a scripts.yml here, or point to one with -c FILE or TURTLE_HARBOR_CONFIG");
}
