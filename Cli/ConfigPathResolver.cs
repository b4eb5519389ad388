using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Cli;

/// <summary>-c/--config, else $TURTLE_HARBOR_CONFIG, else ./scripts.yml; always sent to the daemon as an absolute path.</summary>
internal static class ConfigPathResolver
{
    public const string DefaultFileName = "scripts.yml";

    public static string Resolve(string? option, Func<string, string?> getEnv, string currentDirectory)
    {
        var chosen = option is { Length: > 0 } ? option
            : getEnv("TURTLE_HARBOR_CONFIG") is { Length: > 0 } fromEnv ? fromEnv
            : DefaultFileName;
        var absolute = Path.GetFullPath(chosen, currentDirectory);
        if (Directory.Exists(absolute))
        {
            // The same words as the config reader's for every other kind of file that is not a regular one.
            throw new ThIoException($"cannot read config file {Core.Paths.ShellQuote.Path(absolute)}: it is a directory, not a regular file");
        }

        if (!File.Exists(absolute))
        {
            throw new ConfigNotFoundException(
                $"config file not found: {absolute}",
                option is null ? $"run th in a directory with {DefaultFileName}, or pass -c FILE" : null);
        }

        return absolute;
    }
}
