using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
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
internal sealed class PipeCapture : IDisposable
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

    /// <summary>Reads a pipe that epoll reported, until it is dry, full turns are used up, or its writer is behind.</summary>
    private void Service(CapturedPipe pipe)
    {
        pipe.Quiet = false;
        try
        {
            var splitter = pipe.Splitter;
            for (int turn = 0; turn < MaxReadsPerTurn; turn++)
            {
                // A read needs a slot for the batch it will open: none free means the writer is behind.
                if (pipe.Batch is null && !pipe.HoldsSlot)
                {
                    if (!pipe.Writer.TryTakePumpSlot())
                    {
                        if (!pipe.Writer.Park(pipe)) _epoll.Rearm(pipe.Handle, pipe.Key);
                        return;
                    }
                    pipe.HoldsSlot = true;
                }

                _block ??= ArrayPool<byte>.Shared.Rent(ReadBlockSize);
                int read = EpollSet.Read(pipe.Handle, _block, out int errno);
                if (read < 0)
                {
                    if (errno == Errno.EINTR) continue;
                    if (errno != Errno.EAGAIN) throw new NativeCallException("read", errno, $"reading the {pipe.Stream} pipe");
                    Drained(pipe, flooding: turn > 0);
                    return;
                }
                if (read == 0)
                {
                    End(pipe, error: null, cancelled: false);
                    return;
                }

                bool wasPartial = splitter.HasPartialLine;
                long lineEnds = splitter.LineEnds;
                Split(pipe, _block.AsSpan(0, read));
                // A read that ended a line starts any unfinished one afresh, and so its wait.
                if (splitter.HasPartialLine && (splitter.LineEnds != lineEnds || !wasPartial))
                {
                    pipe.PartialSince = pipe.Writer.Time.GetTimestamp();
                    ArmPartialTimer(pipe, ScriptLogWriter.PartialLineWait);
                }
                pipe.PipeBuffer.After(read);
                if (read < _block.Length)
                {
                    Drained(pipe, flooding: read >= FloodReadSize || turn > 0);
                    return;
                }
            }
            // Still full after its turns: the others get theirs; epoll reports it again at once.
            PostOpenBatch(pipe);
            _epoll.Rearm(pipe.Handle, pipe.Key);
        }
        catch (Exception e)
        {
            End(pipe, e, cancelled: false);
        }
    }

    /// <summary>Adds the lines of one read to the pipe's open batch, posting batches that fill up.</summary>
    private static void Split(CapturedPipe pipe, ReadOnlySpan<byte> data)
    {
        var splitter = pipe.Splitter;
        int newlines = data.Count((byte)'\n');
        bool clean = newlines > 0 && LogLineSplitter.IsClean(data);
        while (true)
        {
            if (newlines == 0)
            {
                splitter.Carry(data);
                return;
            }

            pipe.Batch ??= NewBatch(pipe, data.Length + splitter.PartialLength, newlines);
            int used = splitter.Split(data, pipe.Batch, clean);
            if (used == data.Length) return;
            newlines -= data[..used].Count((byte)'\n');
            data = data[used..];
            PostOpenBatch(pipe);
        }
    }

    /// <summary>
    /// A batch for the pipe: it takes the slot reserved before the read, else a free one, else none (the rest
    /// of a read already taken is kept past the bound; the next read waits for a slot).
    /// </summary>
    private static LineBatch NewBatch(CapturedPipe pipe, int bytes, int lines)
    {
        bool holdsSlot = pipe.HoldsSlot || pipe.Writer.TryTakePumpSlot();
        pipe.HoldsSlot = false;
        return pipe.Writer.NewCaptureBatch(pipe.Stream, bytes, lines, holdsSlot);
    }

    private static void PostOpenBatch(CapturedPipe pipe)
    {
        if (pipe.Batch is null) return;
        pipe.Writer.PostBatch(pipe.Batch);
        pipe.Batch = null;
    }

    /// <summary>The pipe is empty: post what it gave, and arm it again, now or after a flood's gathering moment.</summary>
    private void Drained(CapturedPipe pipe, bool flooding)
    {
        PostOpenBatch(pipe);
        if (pipe.HoldsSlot)
        {
            pipe.HoldsSlot = false;
            pipe.Writer.ReleasePumpSlot();
        }
        if (flooding)
        {
            _gathering.Add((pipe, Stopwatch.GetTimestamp()));
            return;
        }
        _epoll.Rearm(pipe.Handle, pipe.Key);
        pipe.Quiet = true;
        // An unfinished line whose timer fired while the script was busy is due now, or when its second is up.
        var splitter = pipe.Splitter;
        if (splitter.HasPartialLine && !pipe.PartialTimerArmed)
        {
            var wait = ScriptLogWriter.PartialLineWait - pipe.Writer.Time.GetElapsedTime(pipe.PartialSince);
            ArmPartialTimer(pipe, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    private void RearmGathered()
    {
        if (_gathering.Count == 0) return;
        for (int i = _gathering.Count - 1; i >= 0; i--)
        {
            var (pipe, since) = _gathering[i];
            if (!pipe.Finished && Stopwatch.GetElapsedTime(since).TotalMilliseconds < GatherMilliseconds) continue;
            _gathering.RemoveAt(i);
            // Read rather than arm: an empty pipe then counts as quiet (its unfinished line may come due).
            if (!pipe.Finished) Service(pipe);
        }
    }

    private void ArmPartialTimer(CapturedPipe pipe, TimeSpan wait)
    {
        if (pipe.PartialTimerArmed) return;
        pipe.PartialTimerArmed = true;
        if (pipe.PartialTimer is null)
        {
            pipe.PartialTimer = pipe.Writer.Time.CreateTimer(static state => ((CapturedPipe)state!).Owner.Enqueue((CapturedPipe)state!, Command.PartialDue), pipe, wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            pipe.PartialTimer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The unfinished line may have waited 1 s: write it as it stands (CONTRACTS.md §6), or wait the rest.</summary>
    private void PartialDue(CapturedPipe pipe)
    {
        pipe.PartialTimerArmed = false;
        var splitter = pipe.Splitter;
        // Not quiet: the next read that finds the pipe empty arms the timer again (Drained).
        if (!splitter.HasPartialLine || !pipe.Quiet) return;
        // The writer's clock, as for the pumps: a test's frozen clock never makes a line due.
        var wait = ScriptLogWriter.PartialLineWait - pipe.Writer.Time.GetElapsedTime(pipe.PartialSince);
        if (wait > TimeSpan.Zero)
        {
            ArmPartialTimer(pipe, wait);
            return;
        }
        PostOpenBatch(pipe);
        var partial = NewBatch(pipe, splitter.PartialLength, 1);
        splitter.TakePendingLine(partial);
        pipe.Writer.PostBatch(partial);
    }

    /// <summary>
    /// Ends a capture at EOF, on cancellation, or on a failed read: what was read is posted (an unfinished line
    /// too), the descriptor is closed, and the pump's task completes.
    /// </summary>
    private void End(CapturedPipe pipe, Exception? error, bool cancelled)
    {
        if (pipe.Finished) return;
        pipe.Finished = true;
        try
        {
            var splitter = pipe.Splitter;
            if (splitter.HasPartialLine)
            {
                if (pipe.Batch is not null && !pipe.Batch.HasRoomFor(splitter.PartialLength)) PostOpenBatch(pipe);
                pipe.Batch ??= NewBatch(pipe, splitter.PartialLength, 1);
                splitter.TakeLine(pipe.Batch);
            }
            PostOpenBatch(pipe);
            if (pipe.HoldsSlot)
            {
                pipe.HoldsSlot = false;
                pipe.Writer.ReleasePumpSlot();
            }
            // The script closed its output (it is exiting): write what is buffered now rather than within
            // 200 ms, so its last lines are on disk when its exit is reported.
            if (!cancelled) pipe.Writer.RequestFlush();
        }
        finally
        {
            _pipes.Remove(pipe.Key);
            _epoll.Remove(pipe.Handle);
            pipe.Handle.Dispose();
            pipe.PartialTimer?.Dispose();
            pipe.Cancelled.Dispose();
            pipe.Disposed.Dispose();
            pipe.Writer.Unpark(pipe);
            pipe.Writer.CaptureEnded();
            if (error is not null)
            {
                pipe.Completion.TrySetException(error);
            }
            else if (cancelled && pipe.CancellationToken.IsCancellationRequested)
            {
                pipe.Completion.TrySetCanceled(pipe.CancellationToken);
            }
            else
            {
                pipe.Completion.TrySetResult();
            }
        }
    }
}
