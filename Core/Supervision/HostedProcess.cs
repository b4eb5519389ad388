using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A child started by an <see cref="IProcessHost"/>: its pid, the process group it leads, its
/// start-time identity (null when it was already gone), and the read ends of its stdout and stderr
/// pipes, which the log pumps take over (null when the host has no pipes to give).
/// </summary>
internal sealed record HostedProcess(int Pid, int Pgid, long? StartTime, SafeFileHandle? Stdout, SafeFileHandle? Stderr) : IDisposable
{
    public void Dispose()
    {
        Stdout?.Dispose();
        Stderr?.Dispose();
    }
}
