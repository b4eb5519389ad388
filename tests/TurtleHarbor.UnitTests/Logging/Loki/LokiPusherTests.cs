using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Tests.Logging.Loki;

public sealed class LokiPusherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly LokiLabelSet Web = LokiLabelSet.Create([new("script", "web"), new("stream", "stdout")]);
    private static readonly LokiLabelSet WebErr = LokiLabelSet.Create([new("script", "web"), new("stream", "stderr")]);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero));

    [Fact(Timeout = 30_000)]
    public async Task A_full_batch_is_sent_at_once_and_the_rest_waits_for_the_flush_interval()
    {
        await using var server = new LokiTestServer(_time);
        await using var pusher = Pusher(server, batchSize: 3);

        for (var i = 1; i <= 7; i++)
        {
            pusher.Enqueue(Web, _time.GetUtcNow(), Line($"line {i}"));
        }

        var requests = await server.WaitForAsync(r => r.Count == 2, "two full batches", Wait);
        Assert.All(requests, r => Assert.Equal(3, r.Entries.Count));
        Assert.All(requests, r => Assert.Equal(_time.GetUtcNow(), r.ReceivedAt));

        _time.Advance(TimeSpan.FromSeconds(5));
        requests = await server.WaitForAsync(r => r.Count == 3, "the last line after flush_interval", Wait);
        Assert.Equal(["line 7"], requests[2].Entries.Select(e => e.Line));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"line {i}"), server.Accepted.Select(e => e.Line));
        await SettledAsync(pusher, s => s.LinesSent == 7);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_partial_batch_goes_out_once_flush_interval_has_passed_since_its_first_line()
    {
        await using var server = new LokiTestServer(_time);
        await using var pusher = Pusher(server, batchSize: 100, flushInterval: TimeSpan.FromSeconds(5));
        var first = _time.GetUtcNow();

        pusher.Enqueue(Web, first, Line("one"));
        _time.Advance(TimeSpan.FromSeconds(3));
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("two"));
        _time.Advance(TimeSpan.FromSeconds(2));

        var request = Assert.Single(await server.WaitForAsync(r => r.Count == 1, "one request", Wait));
        Assert.Equal(["one", "two"], request.Entries.Select(e => e.Line));
        Assert.True(request.ReceivedAt >= first + TimeSpan.FromSeconds(5), $"sent at {request.ReceivedAt}, before the interval");
    }

    [Fact(Timeout = 30_000)]
    public async Task Tenant_and_basic_auth_are_sent_as_headers()
    {
        await using var server = new LokiTestServer(_time);
        await using var pusher = Pusher(server, batchSize: 1, tenant: "team-a", user: "u", password: "p:ss");

        pusher.Enqueue(Web, _time.GetUtcNow(), Line("hello"));

        var request = Assert.Single(await server.WaitForAsync(r => r.Count == 1, "one request", Wait));
        Assert.Equal("team-a", request.Headers["x-scope-orgid"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p:ss")), request.Headers["authorization"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Without_tenant_or_auth_no_such_headers_are_sent()
    {
        await using var server = new LokiTestServer(_time);
        await using var pusher = Pusher(server, batchSize: 1);

        pusher.Enqueue(Web, _time.GetUtcNow(), Line("hello"));

        var request = Assert.Single(await server.WaitForAsync(r => r.Count == 1, "one request", Wait));
        Assert.False(request.Headers.ContainsKey("x-scope-orgid"));
        Assert.False(request.Headers.ContainsKey("authorization"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Entries_of_one_stream_are_sent_in_timestamp_order_and_streams_share_a_request()
    {
        await using var server = new LokiTestServer(_time);
        await using var pusher = Pusher(server, batchSize: 4);
        var t = _time.GetUtcNow();

        pusher.Enqueue(Web, t.AddMilliseconds(2), Line("third"));
        pusher.Enqueue(WebErr, t, Line("err"));
        pusher.Enqueue(Web, t, Line("first"));
        pusher.Enqueue(Web, t.AddMilliseconds(1), Line("second"));

        var request = Assert.Single(await server.WaitForAsync(r => r.Count == 1, "one request", Wait));
        var stdout = request.Entries.Where(e => e.Label("stream") == "stdout").ToList();
        Assert.Equal(["first", "second", "third"], stdout.Select(e => e.Line));
        Assert.Equal(stdout.Select(e => e.UnixNanos).Order(), stdout.Select(e => e.UnixNanos));
        Assert.Equal(["err"], request.Entries.Where(e => e.Label("stream") == "stderr").Select(e => e.Line));
        Assert.Equal(LokiRequestBuilder.UnixNanos(t), stdout[0].UnixNanos);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_503_is_retried_after_a_backoff_with_no_loss_and_no_duplicate()
    {
        await using var server = new LokiTestServer(_time);
        server.Answer(503, "ingester not ready");
        var retries = new ConcurrentQueue<TimeSpan>();
        var scheduled = new SemaphoreSlim(0);
        await using var pusher = Pusher(server, batchSize: 3, onRetry: d =>
        {
            retries.Enqueue(d);
            scheduled.Release();
        });

        foreach (var text in new[] { "a", "b", "c" })
        {
            pusher.Enqueue(Web, _time.GetUtcNow(), Line(text));
        }

        Assert.True(await scheduled.WaitAsync(Wait), "no retry was scheduled");
        Assert.Single(server.Requests);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Assert.Single(retries));
        _time.Advance(TimeSpan.FromMilliseconds(500));

        var requests = await server.WaitForAsync(r => r.Count == 2, "the retry", Wait);
        Assert.Equal([503, 204], requests.Select(r => r.Status));
        Assert.Equal(requests[0].Json, requests[1].Json);
        Assert.Equal(["a", "b", "c"], server.Accepted.Select(e => e.Line));
        var stats = await SettledAsync(pusher, s => s.LinesSent == 3);
        Assert.Equal(3, stats.LinesSent);
        Assert.Equal(0, stats.LinesDropped);
        Assert.Contains("503", stats.LastError);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_429_is_retried_after_its_Retry_After_and_backoff_grows_meanwhile()
    {
        await using var server = new LokiTestServer(_time);
        server.Answer(429, "slow down", retryAfter: "7");
        server.Answer(500, "oops");
        var retries = new ConcurrentQueue<TimeSpan>();
        var scheduled = new SemaphoreSlim(0);
        await using var pusher = Pusher(server, batchSize: 2, onRetry: d =>
        {
            retries.Enqueue(d);
            scheduled.Release();
        });

        pusher.Enqueue(Web, _time.GetUtcNow(), Line("x"));
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("y"));

        Assert.True(await scheduled.WaitAsync(Wait), "no retry after 429");
        Assert.Equal(TimeSpan.FromSeconds(7), retries.Last());
        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(await scheduled.WaitAsync(Wait), "no retry after 500");
        Assert.Equal(TimeSpan.FromSeconds(1), retries.Last());
        _time.Advance(TimeSpan.FromSeconds(1));

        var requests = await server.WaitForAsync(r => r.Count == 3, "the third attempt", Wait);
        Assert.Equal([429, 500, 204], requests.Select(r => r.Status));
        Assert.Equal(["x", "y"], server.Accepted.Select(e => e.Line));
        await SettledAsync(pusher, s => s.LinesSent == 2);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_400_is_not_retried_the_batch_is_dropped_and_Lokis_answer_reported_once()
    {
        await using var server = new LokiTestServer(_time);
        server.Answer(400, "error at least one label pair is invalid");
        server.Answer(400, "error at least one label pair is invalid");
        var errors = new ConcurrentQueue<string>();
        await using var pusher = Pusher(server, batchSize: 2, onError: errors.Enqueue);

        pusher.Enqueue(Web, _time.GetUtcNow(), Line("1"));
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("2"));
        await server.WaitForAsync(r => r.Count == 1, "the refused batch", Wait);
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("3"));
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("4"));
        await server.WaitForAsync(r => r.Count == 2, "the next batch, refused too", Wait);
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("5"));
        pusher.Enqueue(Web, _time.GetUtcNow(), Line("6"));

        var requests = await server.WaitForAsync(r => r.Count == 3, "the third batch", Wait);
        Assert.Equal([400, 400, 204], requests.Select(r => r.Status));
        Assert.Equal(["5", "6"], server.Accepted.Select(e => e.Line));
        var error = Assert.Single(errors);
        Assert.Contains("400", error);
        Assert.Contains("at least one label pair is invalid", error);
        var stats = await SettledAsync(pusher, s => s.LinesSent == 2);
        Assert.Equal(4, stats.LinesDropped);
        Assert.Equal(2, stats.LinesSent);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_Loki_down_enqueueing_never_blocks_and_the_queue_stays_bounded()
    {
        var port = ClosedPort();
        var retried = new SemaphoreSlim(0);
        var options = new LokiPusherOptions($"http://127.0.0.1:{port}", null, null, null, BatchSize: 10, MaxQueueLines: 1000, MaxQueueBytes: 1024 * 1024);
        await using var pusher = new LokiPusher(options, _time) { RetryScheduled = _ => retried.Release() };
        var line = Line(new string('x', 200));

        pusher.Enqueue(Web, _time.GetUtcNow(), line);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await retried.WaitAsync(Wait), "the first push should fail and be retried");
        var started = DateTime.UtcNow;
        for (var i = 0; i < 200_000; i++)
        {
            pusher.Enqueue(Web, _time.GetUtcNow(), line);
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "enqueueing 200k lines took too long");
        var stats = pusher.Stats();
        Assert.InRange(stats.LinesQueued, 1000, 1001);
        Assert.Equal(200_000 - 1000, stats.LinesDropped);
        Assert.Equal(0, stats.LinesSent);
        Assert.Contains("127.0.0.1", stats.LastError);
        Assert.NotNull(stats.LastErrorAt);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_queue_is_bounded_by_bytes_too()
    {
        var options = new LokiPusherOptions($"http://127.0.0.1:{ClosedPort()}", null, null, null, BatchSize: 1000, MaxQueueLines: 1000, MaxQueueBytes: 10 * 1064);
        await using var pusher = new LokiPusher(options, _time);

        for (var i = 0; i < 50; i++)
        {
            pusher.Enqueue(Web, _time.GetUtcNow(), Line(new string('y', 1000)));
        }

        Assert.Equal(10, pusher.Stats().LinesQueued);
        Assert.Equal(40, pusher.Stats().LinesDropped);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stopping_flushes_what_is_queued_at_once()
    {
        await using var server = new LokiTestServer(_time);
        await using var pusher = Pusher(server, batchSize: 100, flushInterval: TimeSpan.FromMinutes(1));

        for (var i = 0; i < 5; i++)
        {
            pusher.Enqueue(Web, _time.GetUtcNow(), Line($"bye {i}"));
        }

        Assert.Equal(0, await pusher.StopAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(5, server.Accepted.Count);
        Assert.Equal(5, pusher.Stats().LinesSent);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stopping_with_Loki_down_gives_up_at_the_deadline_and_counts_the_drop()
    {
        var options = new LokiPusherOptions($"http://127.0.0.1:{ClosedPort()}", null, null, null, BatchSize: 2);
        await using var pusher = new LokiPusher(options, TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            pusher.Enqueue(Web, DateTimeOffset.UtcNow, Line($"lost {i}"));
        }

        var dropped = await pusher.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(5, dropped);
        Assert.Equal(5, pusher.Stats().LinesDropped);
        Assert.Equal(0, pusher.Stats().LinesQueued);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_line_longer_than_Loki_accepts_is_cut_with_a_marker()
    {
        await using var server = new LokiTestServer(_time);
        var options = new LokiPusherOptions(server.Url, null, null, null, BatchSize: 1, MaxLineBytes: 100);
        await using var pusher = new LokiPusher(options, _time);

        pusher.Enqueue(Web, _time.GetUtcNow(), Line(new string('z', 99) + "é" + new string('z', 200)));

        var entry = Assert.Single((await server.WaitForAsync(r => r.Count == 1, "one request", Wait))[0].Entries);
        Assert.Equal(new string('z', 99) + " …[truncated 202 bytes]", entry.Line);
    }

    private LokiPusher Pusher(
        LokiTestServer server,
        int batchSize,
        TimeSpan? flushInterval = null,
        string? tenant = null,
        string? user = null,
        string? password = null,
        Action<TimeSpan>? onRetry = null,
        Action<string>? onError = null)
    {
        var options = new LokiPusherOptions(server.Url, tenant, user, password, batchSize, flushInterval ?? TimeSpan.FromSeconds(5));
        return new LokiPusher(options, _time, onError, random: () => 1.0) { RetryScheduled = onRetry };
    }

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The test server records a request before the pusher has read its answer and counted it:
    /// wait for the pusher's figures to catch up with what the server saw.
    /// </summary>
    private static Task<LokiStats> SettledAsync(LokiPusher pusher, Func<LokiStats, bool> condition) =>
        Eventually.ValueAsync(
            () => Task.FromResult(pusher.Stats()),
            condition,
            stats => $"the pusher's figures to settle: {stats}",
            Wait,
            every: TimeSpan.FromMilliseconds(5));

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
