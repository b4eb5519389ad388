using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TurtleHarbor.Tests.Support;

/// <summary>
/// A minimal Loki on 127.0.0.1 speaking HTTP/1.1 (keep-alive, Content-Length bodies): decodes gzip, checks
/// the push JSON's shape strictly, answers 204 or whatever a test queued, and records every request.
/// </summary>
public sealed class LokiTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<(int Status, string? RetryAfter, string Body)> _answers = new();
    private readonly List<LokiTestRequest> _requests = [];
    private readonly List<TcpClient> _clients = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LokiTestServer(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<LokiTestRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every entry of every request Loki accepted (2xx), in arrival order.</summary>
    public IReadOnlyList<LokiTestEntry> Accepted => [.. Requests.Where(r => r.Status < 300).SelectMany(r => r.Entries)];

    /// <summary>The next requests get these answers, in order; afterwards 204 again.</summary>
    public void Answer(int status, string body = "", string? retryAfter = null)
    {
        lock (_lock)
        {
            _answers.Enqueue((status, retryAfter, body));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the recorded requests.</summary>
    public async Task<IReadOnlyList<LokiTestRequest>> WaitForAsync(Func<IReadOnlyList<LokiTestRequest>, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            var requests = Requests;
            if (condition(requests))
            {
                return requests;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited for {what}; got {requests.Count} requests: {string.Join(" | ", requests.Select(r => r.Json))}");
            }
        }
    }

    public Task<IReadOnlyList<LokiTestRequest>> WaitForEntriesAsync(Func<LokiTestEntry, bool> match, int count, TimeSpan? timeout = null) =>
        WaitForAsync(r => r.Where(x => x.Status < 300).SelectMany(x => x.Entries).Count(match) >= count, $"{count} matching entries", timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            _clients.ForEach(c => c.Dispose());
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_lock)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using var _ = client;
            var stream = client.GetStream();
            var reader = new HttpRequestReader(stream);
            while (await reader.ReadAsync(_stop.Token) is { } request)
            {
                var answer = NextAnswer();
                LokiTestRequest recorded;
                try
                {
                    recorded = Parse(request, answer.Status);
                }
                catch (Exception e)
                {
                    answer = (400, null, "malformed push: " + e.Message);
                    recorded = new LokiTestRequest(request.Headers, "", [], 400, _time.GetUtcNow(), e.Message);
                }

                lock (_lock)
                {
                    _requests.Add(recorded);
                }

                var head = new StringBuilder($"HTTP/1.1 {answer.Status} {ReasonOf(answer.Status)}\r\nContent-Length: {Encoding.UTF8.GetByteCount(answer.Body)}\r\n");
                if (answer.RetryAfter is { } retryAfter)
                {
                    head.Append($"Retry-After: {retryAfter}\r\n");
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(head.Append("\r\n").Append(answer.Body).ToString()), _stop.Token);
                Changed();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the server is stopping.
        }
    }

    private (int Status, string? RetryAfter, string Body) NextAnswer()
    {
        lock (_lock)
        {
            return _answers.TryDequeue(out var answer) ? answer : (204, null, "");
        }
    }

    private void Changed()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private LokiTestRequest Parse(HttpRequestReader.Request request, int status)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/loki/api/v1/push", request.Path);
        Assert.Equal("application/json", request.Header("content-type"));
        Assert.Equal("gzip", request.Header("content-encoding"));
        using var gzip = new GZipStream(new MemoryStream(request.Body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        var json = Encoding.UTF8.GetString(plain.ToArray());
        return new LokiTestRequest(request.Headers, json, ParseEntries(json), status, _time.GetUtcNow());
    }

    /// <summary>Checks the push shape exactly: {"streams":[{"stream":{..strings..},"values":[["digits","line"],...]}]}.</summary>
    private static List<LokiTestEntry> ParseEntries(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["streams"], root.EnumerateObject().Select(p => p.Name));
        var entries = new List<LokiTestEntry>();
        foreach (var stream in root.GetProperty("streams").EnumerateArray())
        {
            Assert.Equal(["stream", "values"], stream.EnumerateObject().Select(p => p.Name));
            var labels = stream.GetProperty("stream").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            foreach (var value in stream.GetProperty("values").EnumerateArray())
            {
                var pair = value.EnumerateArray().ToList();
                Assert.Equal(2, pair.Count);
                var nanos = pair[0].GetString()!;
                Assert.Matches("^[0-9]+$", nanos);
                entries.Add(new LokiTestEntry(labels, long.Parse(nanos), pair[1].GetString()!));
            }
        }

        return entries;
    }

    private static string ReasonOf(int status) => status switch
    {
        204 => "No Content",
        400 => "Bad Request",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
