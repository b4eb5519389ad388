using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Linux exit detection for <see cref="ChildWatcher"/>: a pidfd becomes readable when its process
/// has exited, and one thread polls them all, then reaps with waitpid(pid, WNOHANG). A pid cannot
/// be reused before it is reaped, so the pidfd always names our child. poll, not epoll: its
/// struct is the same everywhere (epoll_event is packed on x64 only), and th has few children.
/// </summary>
internal sealed unsafe class PidfdMonitor : IDisposable
{
    private readonly Action<int, ExitStatus> _onExit;
    private readonly Action<int> _fallback;
    private readonly ConcurrentQueue<(int Pid, int Fd)> _added = new();
    private readonly SafeFileHandle _wakeRead;
    private readonly SafeFileHandle _wakeWrite;
    private readonly Thread _thread;
    private volatile bool _stopping;

    private PidfdMonitor(Action<int, ExitStatus> onExit, Action<int> fallback)
    {
        _onExit = onExit;
        _fallback = fallback;
        (_wakeRead, _wakeWrite) = NativePipe.CreateNonBlocking();
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = "th pidfd monitor" };
        _thread.Start();
    }

    /// <summary>Null unless this is Linux and pidfd_open works (glibc 2.36+, kernel 5.3+, allowed by seccomp).</summary>
    public static PidfdMonitor? TryStart(Action<int, ExitStatus> onExit, Action<int> fallback)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        int probe;
        try
        {
            probe = Libc.pidfd_open(Environment.ProcessId, 0);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        if (probe < 0)
        {
            // ENOSYS on old kernels, EPERM under some seccomp profiles: the caller falls back.
            return null;
        }

        _ = Libc.close(probe);
        return new PidfdMonitor(onExit, fallback);
    }

    /// <summary>False when no pidfd could be opened; the caller then waits some other way.</summary>
    public bool TryWatch(int pid)
    {
        var fd = Libc.pidfd_open(pid, 0);
        if (fd < 0)
        {
            return false;
        }

        _added.Enqueue((pid, fd));
        Wake();
        return true;
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        Wake();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _wakeWrite.Dispose();
        _wakeRead.Dispose();
    }

    private void Run()
    {
        var watched = new List<(int Pid, int Fd)>();
        try
        {
            while (!_stopping)
            {
                while (_added.TryDequeue(out var entry))
                {
                    watched.Add(entry);
                }

                var ready = PollOnce(watched);
                for (var i = watched.Count - 1; i >= 0; i--)
                {
                    if (ready[i + 1].Revents == 0)
                    {
                        continue;
                    }

                    var (pid, fd) = watched[i];
                    watched.RemoveAt(i);
                    _ = Libc.close(fd);
                    if (TryReap(pid, out var status))
                    {
                        _onExit(pid, status);
                    }
                    else
                    {
                        // Readable yet not reapable should not happen; never spin on it.
                        _fallback(pid);
                    }
                }
            }
        }
        finally
        {
            foreach (var (_, fd) in watched)
            {
                _ = Libc.close(fd);
            }

            while (_added.TryDequeue(out var entry))
            {
                _ = Libc.close(entry.Fd);
            }
        }
    }

    /// <summary>Blocks until the wake pipe or a pidfd is readable. Slot 0 is the wake pipe.</summary>
    private Libc.PollFd[] PollOnce(List<(int Pid, int Fd)> watched)
    {
        var fds = new Libc.PollFd[watched.Count + 1];
        fds[0] = new Libc.PollFd { Fd = (int)_wakeRead.DangerousGetHandle(), Events = NativeFlags.POLLIN };
        for (var i = 0; i < watched.Count; i++)
        {
            fds[i + 1] = new Libc.PollFd { Fd = watched[i].Fd, Events = NativeFlags.POLLIN };
        }

        while (true)
        {
            int result;
            fixed (Libc.PollFd* pointer = fds)
            {
                result = Libc.poll(pointer, (nuint)fds.Length, -1);
            }

            if (result >= 0)
            {
                break;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw new NativeCallException("poll", errno);
            }
        }

        if (fds[0].Revents != 0)
        {
            DrainWakePipe();
        }

        return fds;
    }

    private static bool TryReap(int pid, out ExitStatus status)
    {
        while (true)
        {
            int raw;
            var result = Libc.waitpid(pid, &raw, NativeFlags.WNOHANG);
            if (result == pid)
            {
                status = ExitStatus.FromWaitStatus(raw);
                return true;
            }

            if (result == 0)
            {
                status = default;
                return false;
            }

            if (Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                status = ExitStatus.Unknown;
                return true;
            }
        }
    }

    private void Wake()
    {
        var added = false;
        try
        {
            // AddRef throws once disposed, so a late wake never writes to a recycled fd number.
            _wakeWrite.DangerousAddRef(ref added);
            byte one = 1;
            // EAGAIN means the pipe is full: a wake-up is already pending.
            _ = Libc.write((int)_wakeWrite.DangerousGetHandle(), &one, 1);
        }
        finally
        {
            if (added)
            {
                _wakeWrite.DangerousRelease();
            }
        }
    }

    private void DrainWakePipe()
    {
        var buffer = stackalloc byte[64];
        while (Libc.read((int)_wakeRead.DangerousGetHandle(), buffer, 64) > 0)
        {
        }
    }
}
