using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// The daemon's end of CONTRACTS.md §4: a 0600 Unix socket in a 0700 directory, open to our own uid only.
/// Each connection is served on its own task; nothing one connection does can stop the server.
/// </summary>
internal sealed class IpcServer(string socketPath, IRequestHandler handler, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly Lock _stopGate = new();
    private readonly int _ownUid = (int)Libc.geteuid();
    private Socket? _listener;
    private long _nextConnectionId;
    private Task? _stopped;

    /// <summary>A connection with no request for this long is closed; a running handler does not count as idle.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A frame must be complete this soon after its first byte, and a new connection must send its first frame this soon.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public string SocketPath => socketPath;

    /// <summary>
    /// Binds the socket, so that it answers once this returns. Throws <see cref="ThIoException"/> when
    /// another daemon answers on the path or the directory is not ours. <see cref="RunAsync"/> calls it if needed.
    /// </summary>
    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopped is not null, this);
        if (_listener is not null)
        {
            return;
        }

        var endPoint = UnixEndPoint.For(socketPath);
        SocketFile.PrepareDirectory(socketPath);
        await SocketFile.RemoveStaleAsync(socketPath, logger, cancellationToken);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(endPoint);
            // Before listen(): no client can connect while the mode is still the umask's.
            SocketFile.SetMode(socketPath, SocketFile.SocketMode);
            // Room for a burst of clients (the kernel caps it at somaxconn); a full backlog fails connect with EAGAIN.
            listener.Listen(512);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new ThIoException($"cannot listen on {socketPath}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(ex)}", inner: ex);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        logger.Listening(socketPath);
    }

    /// <summary>Accepts connections until the token is cancelled or the server is disposed, then cleans up.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ListenAsync(cancellationToken);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            while (await AcceptAsync(running.Token) is { } client)
            {
                var id = Interlocked.Increment(ref _nextConnectionId);
                _connections[id] = ServeAsync(id, client, running.Token);
            }
        }
        finally
        {
            await StopAsync();
            // A connection accepted while the stop began is cancelled too; wait for it as well.
            await Task.WhenAll(_connections.Values);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _shutdown.Dispose();
    }

    private async Task<Socket?> AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                return await _listener!.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException ex)
            {
                // EMFILE and friends: wait a moment rather than spin, then keep serving.
                logger.AcceptFailed(TurtleHarbor.Core.Errors.SystemErrorText.Of(ex));
                try
                {
                    await Task.Delay(AcceptRetryDelay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private async Task ServeAsync(long id, Socket client, CancellationToken cancellationToken)
    {
        // Off the accept loop at once: a slow peer check must not delay the next accept.
        await Task.Yield();
        try
        {
            var peerUid = PeerCredentials.GetPeerUid(client);
            if (peerUid != _ownUid)
            {
                logger.PeerRefused(peerUid ?? -1, _ownUid);
                client.Dispose();
                return;
            }

            await using var connection = new IpcConnection(client, handler, logger, IdleTimeout, FrameTimeout);
            await connection.RunAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.ConnectionFailed(ex, socketPath);
            client.Dispose();
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>Idempotent: closes the listener, ends every connection, and removes the socket file we bound.</summary>
    private Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stopped ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        await _shutdown.CancelAsync();
        var listener = _listener;
        listener?.Dispose();
        await Task.WhenAll(_connections.Values);
        if (listener is not null)
        {
            try
            {
                File.Delete(socketPath);
            }
            catch (IOException)
            {
                // Already gone; nothing to clean up.
            }
        }
    }
}
