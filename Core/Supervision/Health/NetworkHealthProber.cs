using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision.Health;

/// <summary>
/// The real <c>http:</c> and <c>tcp:</c> probes: async sockets, no thread of their own. HTTP probes share one
/// <see cref="HttpClient"/> over a pooled <see cref="SocketsHttpHandler"/> (created at the first http probe), so a
/// probe every 10 s reuses its keep-alive connection. Redirects are not followed (3xx is healthy, as in
/// Kubernetes' httpGet probe) and no proxy is used: the target is the address the user wrote.
/// </summary>
internal sealed class NetworkHealthProber : IHealthProber
{
    private readonly Lazy<HttpClient> _http = new(CreateClient);

    public async Task<ProbeOutcome> ProbeAsync(HealthProbeKind kind, string target, CancellationToken cancellationToken) => kind switch
    {
        HealthProbeKind.Http => await HttpAsync(target, cancellationToken),
        HealthProbeKind.Tcp => await TcpAsync(target, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only http and tcp probes go through the network prober"),
    };

    private async Task<ProbeOutcome> HttpAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.Value.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? ProbeOutcome.Pass($"HTTP {code}") : ProbeOutcome.Fail($"HTTP {code}");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Fail(e.InnerException is SocketException s ? Describe(s.SocketErrorCode) : $"HTTP request failed: {e.HttpRequestError}");
        }
    }

    private static async Task<ProbeOutcome> TcpAsync(string target, CancellationToken cancellationToken)
    {
        if (!TcpTarget.TryParse(target, out var endpoint))
        {
            return ProbeOutcome.Fail($"'{target}' is not HOST:PORT");
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        // Close with RST: a probe every few seconds to hundreds of ports would otherwise pile up TIME_WAIT sockets.
        socket.LingerState = new LingerOption(true, 0);
        try
        {
            if (IPAddress.TryParse(endpoint.Host, out var address))
            {
                await socket.ConnectAsync(address, endpoint.Port, cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            }

            return ProbeOutcome.Pass("connected");
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Fail(Describe(e.SocketErrorCode));
        }
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.TimedOut => "timed out",
        SocketError.ConnectionReset => "connection reset",
        _ => $"socket error {error}",
    };

    private static HttpClient CreateClient() => new(
        new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        },
        disposeHandler: true)
    { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
