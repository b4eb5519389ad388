using TurtleHarbor.Core.Native;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Ipc.Server;

namespace TurtleHarbor.Daemon;

/// <summary>
/// Hands memory back once the daemon has been quiet for <see cref="QuietPeriod"/> after starting or after a burst
/// of requests: the GC heap's free regions (a compacting collection) and the pages of th's binary that only the
/// start or that burst touched (<see cref="MappedFilePages.Trim"/>), most of an idle daemon's RSS otherwise
/// (docs/memory.md). Wraps the daemon's request handler to see when requests end.
/// </summary>
internal sealed class IdleTrim : IRequestHandler, IDisposable
{
    /// <summary>
    /// Long enough that the requests of one command line (or of a script that calls th a few times) come
    /// within it; a trim costs one smaps read, and the next request maps the pages it needs again (minor faults).
    /// </summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A quiet period collects only after this much was allocated since its last collection: a command that
    /// allocated less (a ps of a few scripts, a poll of th top) left too little garbage to pay for a full collection.
    /// </summary>
    private const long CollectAfterAllocating = 1024 * 1024;

    private readonly IRequestHandler _inner;
    private readonly Action _trim;
    private readonly ITimer _timer;
    private int _inFlight;
    private long _allocatedAtLastCollection;

    /// <param name="trim">What a quiet period does (tests); by default <see cref="HandBackMemory"/>.</param>
    public IdleTrim(IRequestHandler inner, TimeProvider time, Action? trim = null)
    {
        _inner = inner;
        _trim = trim ?? HandBackMemory;
        // Armed at once: the start itself (recovery, the first config) is the first burst.
        _timer = time.CreateTimer(static state => ((IdleTrim)state!).Trim(), this, QuietPeriod, Timeout.InfiniteTimeSpan);
    }

    public async Task HandleAsync(Request request, IResponseWriter responses, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await _inner.HandleAsync(request, responses, cancellationToken);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                _timer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>
    /// What the daemon does when it goes quiet: a compacting collection that decommits the GC heap's free
    /// regions (when enough was allocated since the last one), then <see cref="MappedFilePages.Trim"/>.
    /// </summary>
    private void HandBackMemory()
    {
        // The GC keeps the regions a collection emptied committed for reuse, and a quiet daemon runs no further
        // collection that would hand them back; an aggressive one compacts and decommits every free region. It
        // costs about a millisecond per MiB of live objects (docs/memory.md). Before the file trim: it touches GC code.
        if (GC.GetTotalAllocatedBytes() - _allocatedAtLastCollection >= CollectAfterAllocating)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
        }

        try
        {
            MappedFilePages.Trim();
        }
        catch (IOException)
        {
            // No /proc: nothing to trim by.
        }
    }

    private void Trim()
    {
        // A request still running (a follower, a slow up) re-arms the timer when it ends.
        if (Volatile.Read(ref _inFlight) == 0)
        {
            _trim();
        }
    }
}
