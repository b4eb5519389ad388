using System.Collections.Immutable;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Loads scripts.yml (CONTRACTS.md §2) in three steps: <see cref="YamlOutline"/> (syntax, duplicate keys,
/// positions), <see cref="ConfigSectionReader"/> (the generated YAML context, unknown keys, wrong shapes), and
/// <see cref="ConfigBuilder"/> (every value). A file with any problem fails as a whole, with all of them.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>A scripts.yml is a page or two; a bigger file is a mistake, and reading it whole would cost the daemon memory.</summary>
    public const int MaxFileBytes = 1024 * 1024;

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
        if (yaml.Length > MaxFileBytes)
        {
            return (null, [TooBig(path, yaml.Length)]);
        }

        var outline = YamlOutline.Read(yaml, problems);
        if (outline is null)
        {
            return (null, problems.ToImmutable());
        }

        var sections = ConfigSectionReader.Read(yaml, outline, problems);
        var config = new ConfigBuilder(path, outline, sections, problems).Build();
        return (config, problems.ToImmutable());
    }

    private static string ReadFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return stream.Length > MaxFileBytes
                ? throw new ConfigInvalidException([TooBig(Path.GetFullPath(path), stream.Length)])
                : new StreamReader(stream).ReadToEnd();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigNotFoundException(
                $"config file not found: {Paths.ShellQuote.Path(path)}",
                "create a scripts.yml here, or point to one with -c FILE or TURTLE_HARBOR_CONFIG",
                e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThIoException($"cannot read config file {Paths.ShellQuote.Path(path)}: {e.Message}", inner: e);
        }
    }

    private static ConfigProblem TooBig(string path, long length) =>
        new(path, 1, 1, $"the file is {length} bytes; a config may be at most {MaxFileBytes} bytes (1 MiB)");
}
