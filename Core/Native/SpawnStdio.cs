namespace TurtleHarbor.Core.Native;

/// <summary>Where a spawned child's stdout and stderr go. Its stdin is always /dev/null.</summary>
internal enum SpawnStdio
{
    /// <summary>Two pipes whose read ends the parent gets back.</summary>
    Pipes,

    /// <summary>/dev/null (used to detach the daemon itself).</summary>
    Null,
}
