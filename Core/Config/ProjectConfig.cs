using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>One loaded <c>scripts.yml</c>: its absolute path, its directory, and its scripts in file order.</summary>
internal sealed record ProjectConfig(
    string ConfigPath,
    string ProjectDirectory,
    ConfigSettings Settings,
    ImmutableArray<ScriptSpec> Scripts)
{
    public ScriptSpec? Find(string name)
    {
        foreach (var script in Scripts)
        {
            if (string.Equals(script.Name, name, StringComparison.Ordinal))
            {
                return script;
            }
        }

        return null;
    }
}
