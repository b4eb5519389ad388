using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Cli;

/// <summary>-c/--config, else $TURTLE_HARBOR_CONFIG, else ./scripts.yml; always sent to the daemon as an absolute path.</summary>
internal static class ConfigPathResolver
{
    public const string DefaultFileName = "scripts.yml";

    /// <exception cref="Core.Errors.ConfigNotFoundException">Nothing at the path.</exception>
    /// <exception cref="Core.Errors.ThIoException">Something that cannot be read as a config (a directory, a FIFO, no permission, a path too long).</exception>
    /// <exception cref="Core.Errors.ConfigInvalidException">Over 1 MiB or not UTF-8.</exception>
    public static string Resolve(string? option, Func<string, string?> getEnv, string currentDirectory)
    {
        var chosen = option is { Length: > 0 } ? option
            : getEnv("TURTLE_HARBOR_CONFIG") is { Length: > 0 } fromEnv ? fromEnv
            : DefaultFileName;
        var absolute = Path.GetFullPath(chosen, currentDirectory);

        // The same bounded read the daemon does, so that every command says the same thing about a file it cannot use.
        _ = ConfigFileReader.Read(
            absolute,
            "config file",
            option is null ? $"run th in a directory with {DefaultFileName}, or pass -c FILE" : null);
        return absolute;
    }
}
