using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Logging;

/// <summary>
/// The daemon's reader of every script's stdout and stderr pipe (Linux): one thread, one one-shot epoll set.
/// A ready pipe is read into the thread's one read block, split into lines and posted as batches to its
/// writer's channel, on this thread, then armed again. Compared with a PipeStream per pipe (the runtime's epoll
/// thread wakes on every write the script makes, and each read is a thread-pool hop), a flooding script costs
/// one wake per millisecond here, and a quiet pipe holds no buffer, no state machine and no runtime context.
/// Backpressure as the pumps had it: a pipe whose writer has no free slot is not read (so its script blocks)
/// until the writer hands one back. Terminals keep the stream pump (<see cref="ScriptLogWriter.PumpAsync(Stream, LogStream, CancellationToken)"/>).
/// </summary>
internal sealed partial class PipeCapture : IDisposable
{
    private const int ReadBlockSize = 256 * 1024;

    // A turn reads one pipe at most this many full blocks before the others get theirs.
    private const int MaxReadsPerTurn = 4;

    // A read at least this long that empties the pipe means the script floods it: let its output gather for
    // a moment (the pipe holds 1 MiB meanwhile) instead of waking for every few KiB it writes.
    private const int FloodReadSize = 32 * 1024;
    private const int GatherMilliseconds = 1;

    private readonly EpollSet _epoll;
    private readonly ConcurrentQueue<(CapturedPipe Pipe, Command Command)> _commands = new();
    private readonly Thread _thread;

    // The capture thread's own state.
    private readonly Dictionary<long, CapturedPipe> _pipes = [];
    private readonly List<(CapturedPipe Pipe, long Since)> _gathering = [];
    private byte[]? _block;
    private long _lastKey;
    private volatile bool _stopping;

    private enum Command
    {
        Add,
        Resume,
        Cancel,
        PartialDue,
    }

    private PipeCapture(EpollSet epoll)
    {
        _epoll = epoll;
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = "th capture" };
        _thread.Start();
    }

    /// <summary>
    /// A running capture thread on Linux; null elsewhere, or when no epoll set or wake-up pipe could be made
    /// (EMFILE, ENOMEM): the stream pumps serve then, and the caller may try again later.
    /// </summary>
    public static PipeCapture? TryStart()
    {
        try
        {
            return EpollSet.TryCreate(maxEvents: 64) is { } epoll ? new PipeCapture(epoll) : null;
        }
        catch (NativeCallException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads <paramref name="pipeReadEnd"/> until EOF into <paramref name="writer"/>; takes ownership of it and
    /// closes it. The task completes once the last line is posted (and a flush asked for); cancelling keeps what
    /// was read (an unfinished line is written) and ends it with <see cref="OperationCanceledException"/>; the
    /// writer's disposal ends it quietly.
    /// </summary>
    public Task Capture(ScriptLogWriter writer, SafeFileHandle pipeReadEnd, LogStream stream, CancellationToken cancellationToken)
    {
        try
        {
            EpollSet.SetNonBlocking(pipeReadEnd);
        }
        catch
        {
            pipeReadEnd.Dispose();
            throw;
        }
        var pipe = new CapturedPipe(this, Interlocked.Increment(ref _lastKey), writer, pipeReadEnd, stream, cancellationToken);
        writer.CaptureStarted();
        // Registered before the pipe is added: a cancellation that comes first is then handled first.
        pipe.Cancelled = cancellationToken.UnsafeRegister(static state => Cancel((CapturedPipe)state!), pipe);
        pipe.Disposed = writer.Disposing.UnsafeRegister(static state => Cancel((CapturedPipe)state!), pipe);
        Enqueue(pipe, Command.Add);
        return pipe.Completion.Task;
    }

    /// <summary>False once disposed or broken: new pipes then go to stream pumps.</summary>
    public bool IsRunning => !_stopping;

    /// <summary>The writer has a free slot again: read the parked pipe. Any thread.</summary>
    public void Resume(CapturedPipe pipe) => Enqueue(pipe, Command.Resume);

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _epoll.Wake();
        if (Thread.CurrentThread != _thread) _thread.Join();
        _epoll.Dispose();
    }

    private static void Cancel(CapturedPipe pipe) => pipe.Owner.Enqueue(pipe, Command.Cancel);

    private void Enqueue(CapturedPipe pipe, Command command)
    {
        _commands.Enqueue((pipe, command));
        _epoll.Wake();
    }

    private void Run()
    {
        Span<long> ready = stackalloc long[64];
        try
        {
            while (!_stopping)
            {
                int count = _epoll.Wait(ready, _gathering.Count > 0 ? GatherMilliseconds : -1);
                for (int i = 0; i < count; i++)
                {
                    if (_pipes.TryGetValue(ready[i], out var pipe)) Service(pipe);
                }
                RunCommands();
                RearmGathered();
                if (_gathering.Count == 0 && _block is not null)
                {
                    // Nothing floods right now: the read block goes back, so an idle daemon holds none.
                    ArrayPool<byte>.Shared.Return(_block);
                    _block = null;
                }
            }
        }
        catch (NativeCallException e)
        {
            // epoll_wait itself failed (EBADF, EFAULT: never expected): every pump ends with the reason (the daemon
            // logs each), later pipes get stream pumps, and the daemon lives on.
            _stopping = true;
            RunCommands();
            foreach (var pipe in _pipes.Values.ToArray()) End(pipe, e, cancelled: false);
        }
        finally
        {
            // Daemon shutdown: what was read is kept; the pumps end quietly.
            RunCommands();
            foreach (var pipe in _pipes.Values.ToArray()) End(pipe, error: null, cancelled: false);
        }
    }

    private void RunCommands()
    {
        while (_commands.TryDequeue(out var item))
        {
            var (pipe, command) = item;
            if (pipe.Finished) continue;
            try
            {
                switch (command)
                {
                    case Command.Add:
                        _pipes.Add(pipe.Key, pipe);
                        _epoll.Add(pipe.Handle, pipe.Key);
                        break;
                    case Command.Resume:
                        // Its script is most likely blocked on a full pipe: read at once.
                        Service(pipe);
                        break;
                    case Command.Cancel:
                        End(pipe, error: null, cancelled: true);
                        break;
                    case Command.PartialDue:
                        PartialDue(pipe);
                        break;
                }
            }
            catch (Exception e)
            {
                End(pipe, e, cancelled: false);
            }
        }
    }
}
