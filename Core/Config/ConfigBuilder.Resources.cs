namespace TurtleHarbor.Core.Config;

// max_memory: 512MB (CONTRACTS.md §2; issue 18).
internal sealed partial class ConfigBuilder
{
    /// <summary>
    /// The resident memory a script's process group may hold, in bytes (<see cref="ByteSizes"/>); at
    /// least <see cref="ScriptSpec.MinMaxMemory"/>, since a smaller limit would restart any program at once.
    /// </summary>
    private long? MaxMemory(ScriptSection section)
    {
        var limit = _values.Size(section.MaxMemory, "max_memory");
        if (limit < ScriptSpec.MinMaxMemory)
        {
            problems.Add(
                YamlValueReader.StartOf(section.MaxMemory!),
                $"'max_memory' must be at least 1MB, found '{Quoted.Cut(_values.Text(section.MaxMemory, "max_memory") ?? "")}'");
            return null;
        }

        return limit;
    }
}
