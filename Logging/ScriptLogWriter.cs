using System.Buffers;
using System.Collections.Immutable;
using System.IO.Pipes;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Logging;

/// <summary>
/// The one owner of a script's log file (CONTRACTS.md §6), alive across the script's restarts. Pumps read
/// the script's pipes and post complete lines to a channel; one loop formats, fans out to followers and
/// writes them, flushing within 200 ms, rotating by size, and surviving write failures.
/// </summary>
internal sealed partial class ScriptLogWriter : IAsyncDisposable
{
    // Pumps may have this many lines in flight; then they wait, and so the script blocks on its own
    // writes: backpressure instead of loss. Supervisor events bypass the bound (rare, must not block).
    private const int PumpCapacity = 256;
    private const int ReadBlockSize = 64 * 1024;
    private const int SmallReadBlockSize = 2 * 1024;

    private readonly string _path;
    private readonly ScriptLogOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string, Stream> _openFile;
    private readonly Channel<CapturedLine> _channel =
        Channel.CreateUnbounded<CapturedLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _pumpSlots = new(PumpCapacity, PumpCapacity);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _loop;
    private readonly LogTimestamp _timestamp;
    private ImmutableArray<ILogLineListener> _listeners = [];
    private ImmutableArray<ILogEntryListener> _entryListeners = [];

    public ScriptLogWriter(string path, ScriptLogOptions options, TimeProvider time)
        : this(path, options, time, OpenLogFile)
    {
    }

    /// <param name="openFile">Opens the file for appending; a seam for tests that inject write failures.</param>
    internal ScriptLogWriter(string path, ScriptLogOptions options, TimeProvider time, Func<string, Stream> openFile)
    {
        _path = Path.GetFullPath(path);
        _options = options;
        _time = time;
        _openFile = openFile;
        _timestamp = new LogTimestamp(time);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Called on the writer loop with the reason when writing starts failing (once per run of failures),
    /// so the daemon can log it. Must not throw.
    /// </summary>
    public Action<string>? OnWriteError { get; set; }

    public string LogPath => _path;

    public void AddListener(ILogLineListener listener) =>
        ImmutableInterlocked.Update(ref _listeners, static (list, l) => list.Add(l), listener);

    public void RemoveListener(ILogLineListener listener) =>
        ImmutableInterlocked.Update(ref _listeners, static (list, l) => list.Remove(l), listener);

    public void AddListener(ILogEntryListener listener) =>
        ImmutableInterlocked.Update(ref _entryListeners, static (list, l) => list.Add(l), listener);

    public void RemoveListener(ILogEntryListener listener) =>
        ImmutableInterlocked.Update(ref _entryListeners, static (list, l) => list.Remove(l), listener);

    /// <summary>Writes a <c>[th]</c> supervisor line (started pid, exited code ...). Never blocks; ignored after disposal.</summary>
    public void WriteEvent(string text)
    {
        string oneLine = text.ReplaceLineEndings(" ");
        byte[] bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(oneLine.Length));
        int length = Encoding.UTF8.GetBytes(oneLine, bytes);
        _channel.Writer.TryWrite(new CapturedLine(_time.GetUtcNow(), LogStream.Th, bytes, length, 0, FromPump: false));
    }

    /// <summary>Completes when everything posted before the call has been handed to the file.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new CapturedLine(default, LogStream.Th, null, 0, 0, false, done))) return;
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Reads a script's stdout or stderr pipe until EOF and logs each line; takes ownership of
    /// <paramref name="pipeReadEnd"/> and closes it. Cancelling keeps what was captured (an unfinished
    /// line is written) and throws <see cref="OperationCanceledException"/>; disposal of the writer ends it quietly.
    /// </summary>
    public async Task PumpAsync(SafeFileHandle pipeReadEnd, LogStream stream, CancellationToken cancellationToken)
    {
        // A PipeStream reads through the runtime's socket engine (epoll/kqueue), so a pump waiting on a
        // quiet script holds no thread; a FileStream over a pipe would block a pool thread per read.
        var pipeHandle = new SafePipeHandle(pipeReadEnd.DangerousGetHandle(), ownsHandle: true);
        pipeReadEnd.SetHandleAsInvalid();
        using var pipe = new AnonymousPipeClientStream(PipeDirection.In, pipeHandle);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var splitter = new LogLineSplitter(_options.MaxLineLength);
        try
        {
            // A quiet script's pumps wait on a small block of their own; only a read that fills it
            // (a chatty script) moves on to a large pooled block, handed back once the pipe runs dry.
            // (Zero-byte reads would be better still, but .NET completes them at once on pipes.)
            byte[] small = new byte[SmallReadBlockSize];
            byte[]? large = null;
            try
            {
                while (true)
                {
                    var block = large ?? small;
                    int read = await pipe.ReadAsync(block, linked.Token);
                    if (read == 0) break;
                    for (int used = 0; used < read;)
                    {
                        used += splitter.Consume(block.AsSpan(used, read - used), out bool lineComplete);
                        if (lineComplete) await EnqueueAsync(splitter.TakeLine(_time.GetUtcNow(), stream, fromPump: true), linked.Token);
                    }

                    if (read == block.Length)
                    {
                        large ??= ArrayPool<byte>.Shared.Rent(ReadBlockSize);
                    }
                    else if (large is not null)
                    {
                        ArrayPool<byte>.Shared.Return(large);
                        large = null;
                    }
                }
            }
            finally
            {
                if (large is not null) ArrayPool<byte>.Shared.Return(large);
            }
            if (splitter.HasPartialLine) await EnqueueAsync(splitter.TakeLine(_time.GetUtcNow(), stream, fromPump: true), linked.Token);

            // The script closed its output (it is exiting): write what is buffered now rather than
            // within 200 ms, so its last lines are on disk when its exit is reported.
            _channel.Writer.TryWrite(new CapturedLine(default, LogStream.Th, null, 0, 0, false, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (splitter.HasPartialLine) _channel.Writer.TryWrite(splitter.TakeLine(_time.GetUtcNow(), stream, fromPump: false));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_channel.Writer.TryComplete()) return;
        await _disposing.CancelAsync();
        await _loop;
    }

    private async Task EnqueueAsync(CapturedLine line, CancellationToken cancellationToken)
    {
        try
        {
            await _pumpSlots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Already captured: keep it, past the bound, rather than drop it.
            _channel.Writer.TryWrite(line with { FromPump = false });
            throw;
        }
        if (!_channel.Writer.TryWrite(line)) _pumpSlots.Release();
    }

    private static Stream OpenLogFile(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0, // the writer loop buffers itself
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        return new FileStream(path, options);
    }
}
