using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The config a command names by <see cref="Path"/>. When the core did not know that path yet, the
/// file was read before the command was sent (never on the loop): <see cref="Loaded"/> holds what
/// was read, or <see cref="LoadError"/> why it could not be, raised only if the command needs it.
/// </summary>
internal sealed record ConfigSource(string Path, ProjectConfig? Loaded, ThException? LoadError)
{
    /// <summary>A path the core already knows: the loop uses its registered config.</summary>
    public static ConfigSource Known(string path) => new(path, null, null);

    public static ConfigSource Of(ProjectConfig config) => new(config.ConfigPath, config, null);

    /// <summary>Reads the file now, on the caller's thread; a config that cannot be loaded is kept as its error.</summary>
    public static ConfigSource Read(string path)
    {
        try
        {
            return Of(ConfigLoader.Load(path));
        }
        catch (ThException e)
        {
            return new ConfigSource(path, null, e);
        }
    }

    /// <summary>The config read before the loop; throws the reason it could not be read.</summary>
    public ProjectConfig Config => Loaded ?? throw LoadError ?? new InternalException($"{Path} was not read before the command reached the loop");
}
