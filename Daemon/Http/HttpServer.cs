using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Daemon.Http;

/// <summary>
/// The <c>--http</c> endpoint: a minimal HTTP/1.1 responder on a TCP listener. One request per connection
/// (<c>Connection: close</c>), at most <see cref="MaxConnections"/> at once (more are closed on accept), each
/// with <see cref="ExchangeTimeout"/> for the whole exchange, so a slow or hostile client holds one slot for
/// seconds and no memory beyond its fixed head buffer. Idle, it is one pending accept: no thread, no timer.
/// Chosen over System.Net.HttpListener, which Native AOT would carry as a second HTTP stack with its own threads.
/// </summary>
internal sealed class HttpServer : IAsyncDisposable
{
    public const int MaxConnections = 16;
    public static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private HttpRoutes? _routes;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private int _open;
    private Task? _running;

    private HttpServer(Socket listener, ILogger logger)
    {
        _listener = listener;
        _logger = logger;
    }

    /// <summary>Binds and listens at once (connections wait in the backlog until <see cref="Start"/>), so a port in use fails the daemon before it starts any script.</summary>
    /// <exception cref="HttpBindException">the address cannot be bound (in use, not on this machine, privileged port).</exception>
    public static HttpServer Listen(HttpBinding binding, ILogger logger)
    {
        var listener = new Socket(binding.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(binding.EndPoint);
            listener.Listen(MaxConnections);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new HttpBindException(
                $"cannot serve --http on {binding}: {SystemErrorText.Of(e)}",
                e.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? $"another program listens on port {binding.EndPoint.Port} ('ss -ltnp' or 'lsof -i :{binding.EndPoint.Port}' names it); choose another port"
                    : "choose an address of this machine and a port above 1023",
                e);
        }

        if (!binding.IsLoopback)
        {
            logger.HttpNotLoopback(binding.ToString());
        }

        logger.HttpListening(binding.ToString());
        return new HttpServer(listener, logger);
    }

    /// <summary>Starts answering, once the core can: until then connections wait in the listen backlog.</summary>
    public void Start(HttpRoutes routes)
    {
        _routes = routes;
        _running = AcceptLoopAsync(_stop.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: wait a moment rather than spin.
                _logger.HttpAcceptFailed(SystemErrorText.Of(e));
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (Interlocked.Increment(ref _open) > MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ExchangeTimeout);
            var (request, refusal) = await HttpRequestReader.ReadAsync(client, deadline.Token);
            var response = refusal ?? (request is null ? null : await _routes!.AnswerAsync(request, deadline.Token));
            if (response is not null)
            {
                await client.SendAsync(response.Encode(), SocketFlags.None, deadline.Token);
                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or ThException)
        {
            // A client that is slow, gone or hostile, or a daemon shutting down: this exchange ends, the server goes on.
        }
        catch (Exception e)
        {
            // A bug in a route: logged, and this exchange ends; the daemon and the other connections go on.
            _logger.HttpExchangeFailed(e.GetType().Name, e.Message);
        }
        finally
        {
            client.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Stops accepting; exchanges in flight end by cancellation. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Dispose();
        if (_running is not null)
        {
            await _running;
        }
    }
}
