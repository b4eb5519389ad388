using System.Collections.Immutable;
using System.Text;
using System.Threading.Channels;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Logging;

/// <summary>
/// The one owner of a script's log file (CONTRACTS.md §6), alive across the script's restarts. Pumps read
/// the script's pipes and post the lines of their reads as batches to a channel; one loop formats, fans
/// out to followers and writes them, flushing within 200 ms, rotating by size, and surviving write failures.
/// The file is open only while a run feeds it, and is opened again when something moved or deleted it.
/// On Linux the daemon's <see cref="PipeCapture"/> reads the pipes instead of a pump each, posting the same batches.
/// </summary>
internal sealed partial class ScriptLogWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly ScriptLogOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string, Stream> _openFile;
    private readonly Channel<LineBatch> _channel =
        Channel.CreateUnbounded<LineBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _pumpSlots = new(PumpCapacity, PumpCapacity);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _loop;
    private readonly LogTimestamp _timestamp;
    private readonly PipeCapture? _capture;
    private ImmutableArray<ILogLineListener> _listeners = [];
    private ImmutableArray<ILogEntryListener> _entryListeners = [];

    /// <param name="capture">The daemon's pipe reader (Linux); null to read each pipe with a stream pump.</param>
    public ScriptLogWriter(string path, ScriptLogOptions options, TimeProvider time, PipeCapture? capture = null)
        : this(path, options, time, OpenLogFile, capture)
    {
    }

    /// <param name="openFile">Opens the file for appending; a seam for tests that inject write failures.</param>
    internal ScriptLogWriter(string path, ScriptLogOptions options, TimeProvider time, Func<string, Stream> openFile, PipeCapture? capture = null)
    {
        _path = Path.GetFullPath(path);
        _options = options;
        _time = time;
        _openFile = openFile;
        _capture = capture;
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
        var batch = LineBatch.Rent(_time.GetUtcNow(), LogStream.Th, Encoding.UTF8.GetMaxByteCount(oneLine.Length), lineCapacity: 1);
        batch.Commit(Encoding.UTF8.GetBytes(oneLine, batch.Free), droppedBytes: 0);
        if (!_channel.Writer.TryWrite(batch)) batch.Return();
    }

    /// <summary>Completes when everything posted before the call has been handed to the file.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(LineBatch.Flush(done))) return;
        await done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_channel.Writer.TryComplete()) return;
        await _disposing.CancelAsync();
        await _loop;
    }

    private static Stream OpenLogFile(string path) =>
        AppendOnlyFile.Open(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
}
