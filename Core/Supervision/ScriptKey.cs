namespace TurtleHarbor.Core.Supervision;

/// <summary>A script is identified by its config file's absolute path and its name in that file.</summary>
internal readonly record struct ScriptKey(string ConfigPath, string Name)
{
    public override string ToString() => $"{Name} ({ConfigPath})";
}
