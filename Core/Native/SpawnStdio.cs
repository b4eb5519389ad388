namespace TurtleHarbor.Core.Native;

/// <summary>Where a spawned child's stdout and stderr go. Its stdin is /dev/null, except on a terminal.</summary>
internal enum SpawnStdio
{
    /// <summary>Two pipes whose read ends the parent gets back.</summary>
    Pipes,

    /// <summary>/dev/null (used to detach the daemon itself).</summary>
    Null,

    /// <summary>
    /// A new pseudo-terminal as stdin, stdout and stderr; the parent gets its master back. The child does not
    /// get it as its controlling terminal: posix_spawn has no portable TIOCSCTTY.
    /// </summary>
    Terminal,
}
