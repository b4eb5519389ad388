using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// A child started by <see cref="ProcessSpawner"/>. It leads its own process group (or session),
/// so <see cref="ProcessGroupId"/> equals <see cref="Pid"/>. Disposing closes the pipe read ends;
/// it neither signals nor reaps the child (that is <see cref="ChildWatcher"/>'s job).
/// </summary>
internal sealed class SpawnedProcess(int pid, int processGroupId, SafeFileHandle? stdout, SafeFileHandle? stderr, Stream? terminal = null)
    : IDisposable
{
    public int Pid { get; } = pid;

    public int ProcessGroupId { get; } = processGroupId;

    /// <summary>Read end of the child's stdout pipe (close-on-exec), or null for <see cref="SpawnStdio.Null"/>.</summary>
    public SafeFileHandle? Stdout { get; } = stdout;

    /// <summary>Read end of the child's stderr pipe (close-on-exec), or null for <see cref="SpawnStdio.Null"/>.</summary>
    public SafeFileHandle? Stderr { get; } = stderr;

    /// <summary>The output of the child's pseudo-terminal (its master), or null unless <see cref="SpawnStdio.Terminal"/>.</summary>
    public Stream? Terminal { get; } = terminal;

    public void Dispose()
    {
        Stdout?.Dispose();
        Stderr?.Dispose();
        Terminal?.Dispose();
    }
}
