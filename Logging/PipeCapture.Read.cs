using System.Buffers;
using System.Diagnostics;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Logging;

// Reading a ready pipe: as many full blocks as a turn allows, then armed again, or gathering a flood, or
// parked behind its writer.
internal sealed partial class PipeCapture
{
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
}
