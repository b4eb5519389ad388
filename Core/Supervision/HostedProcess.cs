using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A child started by an <see cref="IProcessHost"/>: its pid, the process group it leads, its
/// start-time identity (null when it was already gone), and the read ends of its stdout and stderr
/// pipes, which the log pumps take over (null when the host has no pipes to give), or for a
/// <c>tty: true</c> script the output of its pseudo-terminal instead.
/// </summary>
internal sealed record HostedProcess(int Pid, int Pgid, long? StartTime, SafeFileHandle? Stdout, SafeFileHandle? Stderr, Stream? Terminal = null) : IDisposable
{
    public void Dispose()
    {
        Stdout?.Dispose();
        Stderr?.Dispose();
        Terminal?.Dispose();
    }
}
