using System.Net.Http.Headers;
using System.Text;

namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// Ships log lines to one Loki. Producers call <see cref="Enqueue"/>, which never waits: lines go into a
/// bounded queue that drops its oldest when full. One loop takes batches (at <c>batch_size</c> lines, or
/// <c>flush_interval</c> after the first waiting line), posts them gzip-compressed, and retries connection
/// errors, 429 and 5xx with backoff; other answers drop the batch. Errors never leave the loop; they are
/// counted, kept for <see cref="Stats"/> and reported through <c>onError</c> once per change.
/// </summary>
internal sealed partial class LokiPusher : IAsyncDisposable
{
    private readonly LokiPusherOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _onError;
    private readonly Func<double> _random;
    private readonly LokiQueue _queue;
    private readonly HttpClient _http;
    private readonly Uri _pushUri;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TaskCompletionSource _drain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _loop;
    private long _sent;
    private long _droppedByLoop;
    private long _droppedAtStop;
    private int _inFlight;
    private LastError? _lastError;
    private int _stopping;

    /// <param name="onError">Told about a failing push (once per distinct error); the daemon logs it. Must not throw.</param>
    /// <param name="random">Jitter source in [0, 1); a seam for tests.</param>
    /// <param name="handler">The HTTP handler; a seam for tests. Default: a pooled SocketsHttpHandler.</param>
    public LokiPusher(LokiPusherOptions options, TimeProvider time, Action<string>? onError = null, Func<double>? random = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        _time = time;
        _onError = onError;
        _random = random ?? Random.Shared.NextDouble;
        _queue = new LokiQueue(options.MaxQueueLines, options.MaxQueueBytes);
        _pushUri = options.PushUri;
        _http = new HttpClient(handler ?? DefaultHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (options.Username is { } user)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        _loop = Task.Run(RunAsync);
    }

    public LokiPusherOptions Options => _options;

    /// <summary>Called after a retry's timer is armed, with its delay (a seam for tests that drive a fake clock).</summary>
    internal Action<TimeSpan>? RetryScheduled { get; init; }

    /// <summary>Queues one line. Never blocks; a line past the size limit is cut. Ignored once stopping.</summary>
    public void Enqueue(LokiLabelSet labels, DateTimeOffset time, ReadOnlySpan<byte> text)
    {
        if (Volatile.Read(ref _stopping) != 0)
        {
            return;
        }

        _queue.Add(new LokiEntry(labels, time, LokiLineText.Prepare(text, _options.MaxLineBytes)), _time.GetUtcNow());
    }

    public LokiStats Stats()
    {
        var error = Volatile.Read(ref _lastError);
        return new LokiStats(
            _options.Url,
            Interlocked.Read(ref _sent),
            _queue.Dropped + Interlocked.Read(ref _droppedByLoop) + Interlocked.Read(ref _droppedAtStop),
            _queue.Count + Volatile.Read(ref _inFlight),
            error?.Message,
            error?.At);
    }

    /// <summary>
    /// Sends what is queued, at once and regardless of batch size, for up to <paramref name="deadline"/>;
    /// then gives up and drops the rest. Returns the number of lines dropped that way.
    /// </summary>
    public async Task<long> StopAsync(TimeSpan deadline)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await _loop;
            return Interlocked.Read(ref _droppedAtStop);
        }

        _drain.TrySetResult();
        using var timer = new CancellationTokenSource();
        var expired = Task.Delay(deadline, _time, timer.Token);
        if (await Task.WhenAny(_loop, expired) != _loop)
        {
            await _abort.CancelAsync();
        }

        timer.Cancel();
        await _loop;
        Interlocked.Add(ref _droppedAtStop, _queue.Clear());
        return Interlocked.Read(ref _droppedAtStop);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _http.Dispose();
        _abort.Dispose();
    }

    private void RecordError(string message)
    {
        var previous = _lastError;
        Volatile.Write(ref _lastError, new LastError(message, _time.GetUtcNow()));
        if (previous?.Message != message || _errorCleared)
        {
            _errorCleared = false;
            try
            {
                _onError?.Invoke(message);
            }
            catch (Exception)
            {
                // The reporter is the daemon's logger; nothing better to do with its failure here.
            }
        }
    }

    // A reference, so that Stats() on another thread never sees half of one.
    private sealed record LastError(string Message, DateTimeOffset At);

    private static SocketsHttpHandler DefaultHandler() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };
}
