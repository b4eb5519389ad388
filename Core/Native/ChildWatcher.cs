using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Reports each watched child's exit exactly once, without polling, and reaps it. Only our own
/// pids are ever waited for (never waitpid(-1)), so nobody else's status is stolen.
/// Linux with pidfd_open: one thread polls every child's pidfd. Elsewhere (macOS, old kernels,
/// seccomp): a small thread per child blocks in waitpid.
/// </summary>
/// <remarks>
/// <c>onExit</c> runs on a watcher thread: it should only post (to a channel) and must not throw,
/// or the process goes down with it. After <see cref="Dispose"/> nothing more is reported.
/// </remarks>
internal sealed class ChildWatcher : IDisposable
{
    private const int WaiterStackSize = 256 * 1024;

    private readonly Action<int, ExitStatus> _onExit;
    private readonly ConcurrentDictionary<int, byte> _watched = new();
    private readonly PidfdMonitor? _pidfds;
    private volatile bool _disposed;

    public ChildWatcher(Action<int, ExitStatus> onExit)
        : this(onExit, usePidfd: true)
    {
    }

    /// <summary>Tests turn pidfd off to cover the thread-per-child path on Linux.</summary>
    internal ChildWatcher(Action<int, ExitStatus> onExit, bool usePidfd)
    {
        _onExit = onExit;
        _pidfds = usePidfd ? PidfdMonitor.TryStart(Report, StartWaiterThread) : null;
    }

    /// <summary>True when exits are detected through pidfds on one thread.</summary>
    internal bool UsesPidfd => _pidfds is not null;

    /// <summary>Starts watching <paramref name="pid"/>, which must be our child and not yet reaped.</summary>
    public void Watch(int pid)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (!_watched.TryAdd(pid, 0))
        {
            throw new InvalidOperationException($"pid {pid} is already being watched.");
        }

        if (_pidfds is null || !_pidfds.TryWatch(pid))
        {
            StartWaiterThread(pid);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _pidfds?.Dispose();
    }

    /// <summary>Blocks until <paramref name="pid"/> ends and reaps it; ECHILD gives Unknown.</summary>
    internal static unsafe ExitStatus WaitBlocking(int pid)
    {
        while (true)
        {
            int status;
            var result = Libc.waitpid(pid, &status, 0);
            if (result == pid)
            {
                return ExitStatus.FromWaitStatus(status);
            }

            if (Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                // ECHILD: someone else reaped it (or it was never ours); the status is gone.
                return ExitStatus.Unknown;
            }
        }
    }

    private void StartWaiterThread(int pid)
    {
        var thread = new Thread(() => Report(pid, WaitBlocking(pid)), WaiterStackSize)
        {
            IsBackground = true,
            Name = $"th waitpid {pid}",
        };
        thread.Start();
    }

    private void Report(int pid, ExitStatus status)
    {
        if (_watched.TryRemove(pid, out _) && !_disposed)
        {
            _onExit(pid, status);
        }
    }
}
