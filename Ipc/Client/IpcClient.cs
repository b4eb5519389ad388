using System.Net.Sockets;
using System.Runtime.CompilerServices;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Client;

/// <summary>
/// One connection to the daemon, carrying requests in turn. An <see cref="ErrorResponse"/> comes back
/// as the matching <see cref="ThException"/>. When the daemon goes away (no answer, the connection
/// closed or reset between frames) the error is <see cref="ConnectionLostException"/>, exit 69;
/// a connection that breaks inside a frame or carries bytes that are no response is a
/// <see cref="ProtocolException"/>, exit 76.
/// </summary>
internal sealed class IpcClient : IAsyncDisposable
{
    private readonly string _socketPath;
    private readonly NetworkStream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _broken;

    private IpcClient(string socketPath, Socket socket)
    {
        _socketPath = socketPath;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new FrameReader(_stream);
        _writer = new FrameWriter(_stream);
    }

    /// <summary>
    /// The daemon on the other end answers <see cref="Request.Receipt"/> (its <see cref="PongResponse.Receipts"/>, as
    /// learned by whoever pinged it); false until someone says so.
    /// </summary>
    public bool GivesReceipts { get; set; }

    /// <summary>The pid of the process listening on the other end (see <see cref="Core.Native.PeerProcess"/>), or null.</summary>
    public int? PeerPid => Core.Native.PeerProcess.GetPid(_stream.Socket);

    /// <summary>Connects to the daemon of <paramref name="paths"/>; its lock file tells a busy daemon from none on macOS.</summary>
    public static Task<IpcClient> ConnectAsync(ThPaths paths, CancellationToken cancellationToken) =>
        ConnectAsync(paths.Socket, () => DaemonLockProbe.IsHeld(paths.LockFile), cancellationToken);

    /// <summary>Connects to a bare socket path, with no lock file to consult: on macOS a refusal there means nobody listens.</summary>
    public static Task<IpcClient> ConnectAsync(string socketPath, CancellationToken cancellationToken) =>
        ConnectAsync(socketPath, ListenBacklog.NoDaemonLock, cancellationToken);

    /// <summary>
    /// Connects, waiting up to <see cref="ListenBacklog.Patience"/> while the listen backlog is full;
    /// <paramref name="daemonHoldsLock"/> settles what a refusal means (<see cref="ListenBacklog.IsFull"/>).
    /// </summary>
    /// <exception cref="DaemonUnreachableException">Nobody listens, or the backlog stayed full.</exception>
    public static async Task<IpcClient> ConnectAsync(string socketPath, Func<bool> daemonHoldsLock, CancellationToken cancellationToken)
    {
        var endPoint = UnixEndPoint.For(socketPath);
        var waitingSince = Environment.TickCount64;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken);
                return new IpcClient(socketPath, socket);
            }
            catch (SocketException ex) when (ListenBacklog.IsFull(ex, daemonHoldsLock)
                && Environment.TickCount64 - waitingSince < (long)ListenBacklog.Patience.TotalMilliseconds)
            {
                socket.Dispose();
                await Task.Delay(ListenBacklog.RetryDelay, cancellationToken);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw ListenBacklog.IsFull(ex, daemonHoldsLock)
                    ? new DaemonUnreachableException(
                        $"the daemon on {socketPath} has not accepted a connection for {ListenBacklog.Patience.TotalSeconds:0} s",
                        "it may be overloaded or stuck; see the daemon log, or restart it with 'th daemon restart'",
                        ex)
                    : new DaemonUnreachableException(
                        $"no daemon is running (socket {socketPath})",
                        "start one with 'th daemon'",
                        ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Sends a request and returns its one response; an error response is thrown as its exception. With
    /// <see cref="Request.Receipt"/> set (only for a daemon that gives receipts: <see cref="PongResponse.Receipts"/>),
    /// the daemon's <see cref="ReceivedResponse"/> is read first, and a lost connection says whether it came
    /// (<see cref="ConnectionLostException.Delivery"/>).
    /// </summary>
    public async Task<Response> SendAsync(Request request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WriteRequestAsync(request, cancellationToken);
            var delivery = request.Receipt ? RequestDelivery.Unread : RequestDelivery.Unknown;
            var response = await ReadResponseAsync(delivery, cancellationToken);
            if (request.Receipt && response is ReceivedResponse)
            {
                delivery = RequestDelivery.Received;
                response = await ReadResponseAsync(delivery, cancellationToken);
            }

            return response ?? throw Fail(Closed(delivery));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends a request whose answer is a stream (<c>logs -f</c>) and yields its responses until the
    /// daemon ends the stream or the token is cancelled. The connection is not reused afterwards:
    /// dispose the client, which is how the daemon learns that the follower left.
    /// </summary>
    public async IAsyncEnumerable<Response> StreamAsync(Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WriteRequestAsync(request, cancellationToken);
            _broken = true; // the daemon keeps writing until we hang up, so no request can follow
            while (await ReadResponseAsync(RequestDelivery.Unknown, cancellationToken) is { } response)
            {
                yield return response;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _gate.Dispose();
    }

    private async Task WriteRequestAsync(Request request, CancellationToken cancellationToken)
    {
        if (_broken)
        {
            throw new InvalidOperationException("this connection was left mid-conversation (a stream, a cancellation or an error); connect again");
        }

        try
        {
            await _writer.WriteRequestAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw Fail(Lost(ex, RequestDelivery.Unread));
        }
        catch (OperationCanceledException)
        {
            _broken = true;
            throw;
        }
    }

    /// <summary>The next response, null when the daemon closed the connection between frames.</summary>
    /// <param name="delivery">What is known of the request so far, for the error when the connection breaks.</param>
    private async Task<Response?> ReadResponseAsync(RequestDelivery delivery, CancellationToken cancellationToken)
    {
        Response? response;
        try
        {
            response = await _reader.ReadResponseAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw Fail(Lost(ex, delivery));
        }
        catch (Exception ex) when (ex is ProtocolException or OperationCanceledException)
        {
            _broken = true;
            throw;
        }

        return response is ErrorResponse error ? throw ErrorResponses.ToException(error) : response;
    }

    private ConnectionLostException Lost(Exception inner, RequestDelivery delivery) => delivery == RequestDelivery.Received
        ? MayHaveBeenDone($"the connection was lost ({SystemErrorText.Of(inner)})", inner)
        : new(
            $"lost the connection to the daemon on {_socketPath}: {SystemErrorText.Of(inner)}",
            delivery,
            "it may have stopped; see the daemon log",
            inner);

    private ConnectionLostException Closed(RequestDelivery delivery) => delivery == RequestDelivery.Received
        ? MayHaveBeenDone("it closed the connection", inner: null)
        : new(
            $"the daemon closed the connection on {_socketPath} without answering",
            delivery,
            "it may have stopped or refused this user; see the daemon log");

    /// <summary>The one outcome a client cannot settle alone: the daemon took the request, then went away.</summary>
    private ConnectionLostException MayHaveBeenDone(string how, Exception? inner) => new(
        $"the daemon on {_socketPath} received the request, then {how} before answering: it may or may not have been carried out",
        RequestDelivery.Received,
        "check with 'th ps' before asking again",
        inner);

    // Whatever went wrong mid-conversation, the stream position is unknown now: no further request.
    private ThException Fail(ThException exception)
    {
        _broken = true;
        return exception;
    }
}
