using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// A webhook receiver on 127.0.0.1 for the notification tests: records every request (headers and JSON body)
/// and answers 200, or, with <c>hang: true</c>, reads each request and never answers (a dead receiver).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(IReadOnlyDictionary<string, string> Headers, JsonElement Body)> _requests = [];
    private readonly List<TcpClient> _clients = [];
    private readonly Lock _lock = new();
    private readonly bool _hang;
    private readonly Task _accepting;

    public WebhookReceiver(bool hang = false)
    {
        _hang = hang;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook?token=t0p";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    public IReadOnlyList<(IReadOnlyDictionary<string, string> Headers, JsonElement Body)> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public Task WaitForRequestsAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Requests.Count >= count, $"{count} webhook request(s); got {Requests.Count}", timeout);

    private async Task AcceptAsync()
    {
        try
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
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var reader = new HttpRequestReader(stream);
            while (await reader.ReadAsync(_stop.Token) is { } request)
            {
                using var body = JsonDocument.Parse(request.Body);
                lock (_lock)
                {
                    _requests.Add((request.Headers, body.RootElement.Clone()));
                }

                if (_hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or the receiver stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await _accepting;
    }
}
