using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>One loaded <c>scripts.yml</c>: its absolute path, its directory, and its scripts in file order.</summary>
internal sealed record ProjectConfig(
    string ConfigPath,
    string ProjectDirectory,
    ConfigSettings Settings,
    ImmutableArray<ScriptSpec> Scripts)
{
    // Built at the first look-up: ps sorts by file order and reload looks up every script, which with a linear search
    // was quadratic (10,000 scripts: 10^8 comparisons a ps). Tied to the array it was built from, so a `with` copy
    // that replaces Scripts builds its own.
    private NameIndex? _index;

    /// <summary>The script named <paramref name="name"/> (names are unique in a loaded config), or null.</summary>
    public ScriptSpec? Find(string name) => IndexOf(name) is >= 0 and var i ? Scripts[i] : null;

    /// <summary>The position of the script named <paramref name="name"/> in file order, or -1.</summary>
    public int IndexOf(string name) => Index().TryGetValue(name, out var i) ? i : -1;

    // Equality as the record's own, without the index (a cache, not part of the value).
    public bool Equals(ProjectConfig? other) =>
        other is not null
        && string.Equals(ConfigPath, other.ConfigPath, StringComparison.Ordinal)
        && string.Equals(ProjectDirectory, other.ProjectDirectory, StringComparison.Ordinal)
        && EqualityComparer<ConfigSettings>.Default.Equals(Settings, other.Settings)
        && Scripts == other.Scripts;

    public override int GetHashCode() => HashCode.Combine(ConfigPath, ProjectDirectory, Settings, Scripts);

    private Dictionary<string, int> Index()
    {
        var index = _index;
        if (index is null || index.Scripts != Scripts)
        {
            var names = new Dictionary<string, int>(Scripts.Length, StringComparer.Ordinal);
            for (var i = 0; i < Scripts.Length; i++)
            {
                names.TryAdd(Scripts[i].Name, i);
            }

            // Two threads may both build it; either result is the same and the write is one reference.
            _index = index = new NameIndex(Scripts, names);
        }

        return index.Names;
    }

    private sealed record NameIndex(ImmutableArray<ScriptSpec> Scripts, Dictionary<string, int> Names);
}
