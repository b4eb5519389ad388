using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Logging;

/// <summary>
/// One script pipe that <see cref="PipeCapture"/> reads: its descriptor, the unfinished line, the batch being
/// filled, and when the pump's task completes. Holds no read buffer: a quiet pipe costs this object, its
/// splitter and its handle. Its state is touched by the capture thread only, except where noted.
/// </summary>
internal sealed class CapturedPipe(PipeCapture owner, long key, ScriptLogWriter writer, SafeFileHandle handle, LogStream stream, CancellationToken cancellationToken)
{
    public PipeCapture Owner { get; } = owner;

    /// <summary>The epoll key: unique for the capture's lifetime, so a late event never reaches another pipe.</summary>
    public long Key { get; } = key;

    public ScriptLogWriter Writer { get; } = writer;

    public SafeFileHandle Handle { get; } = handle;

    public LogStream Stream { get; } = stream;

    /// <summary>The caller's token: cancelling it ends the capture with <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Completes when the pipe reached EOF (or the capture was cancelled) and everything read was posted.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LogLineSplitter Splitter { get; } = new(writer.MaxLineLength);

    public PipeBuffer PipeBuffer = new(handle);

    /// <summary>Lines read but not posted yet: posted when the pipe runs dry or the batch is full.</summary>
    public LineBatch? Batch { get; set; }

    /// <summary>A backpressure slot taken before a read, for the batch that read will open.</summary>
    public bool HoldsSlot { get; set; }

    /// <summary>When the unfinished line began (the writer's clock), towards its 1 s.</summary>
    public long PartialSince { get; set; }

    /// <summary>Fires once the unfinished line may be due; one at a time, re-armed only when it fires.</summary>
    public ITimer? PartialTimer { get; set; }

    public bool PartialTimerArmed { get; set; }

    /// <summary>
    /// The last read found the pipe empty and it waits for the script: only then may an unfinished line be
    /// written as it stands. A pipe parked behind its writer, or gathering a flood, is not quiet (its script is
    /// writing), as a pump blocked on a slot never looked at the clock either.
    /// </summary>
    public bool Quiet { get; set; }

    /// <summary>Registrations on the caller's token and on the writer's disposal (any thread may fire them).</summary>
    public CancellationTokenRegistration Cancelled { get; set; }

    public CancellationTokenRegistration Disposed { get; set; }

    public bool Finished { get; set; }
}
