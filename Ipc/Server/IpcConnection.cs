using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// One client connection: requests are served in turn. A read loop runs beside the handler, so a
/// client that hangs up is noticed at once and a streaming handler (<c>logs -f</c>) is cancelled.
/// </summary>
internal sealed partial class IpcConnection(Socket socket, IRequestHandler handler, ILogger logger, TimeSpan idleTimeout, TimeSpan frameTimeout)
    : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly CancellationTokenSource _clientGone = new();
    private ConnectionResponseWriter? _responses;
    private ProtocolException? _malformed;
    private bool _servedAny;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _responses = new ConnectionResponseWriter(_stream);
        var frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadLoopAsync(frames.Writer, stop.Token);
        try
        {
            await ServeLoopAsync(frames.Reader, stop.Token);
        }
        finally
        {
            // Closing the socket ends the read loop's pending read.
            await stop.CancelAsync();
            socket.Dispose();
            await reading;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _clientGone.Dispose();
        _responses?.Dispose();
    }

    private async Task ReadLoopAsync(ChannelWriter<byte[]> frames, CancellationToken cancellationToken)
    {
        var reader = new FrameReader(_stream, frameTimeout);
        try
        {
            while (await reader.ReadFrameAsync(cancellationToken) is { } frame)
            {
                await frames.WriteAsync(frame, cancellationToken);
            }
        }
        catch (ProtocolException ex)
        {
            _malformed = ex;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or ChannelClosedException)
        {
            // The client hung up, or the connection is being closed: both end the connection.
        }
        finally
        {
            frames.TryComplete();
            await _clientGone.CancelAsync();
        }
    }

    private async Task ServeLoopAsync(ChannelReader<byte[]> frames, CancellationToken cancellationToken)
    {
        while (await NextFrameAsync(frames, cancellationToken) is { } frame)
        {
            if (!await ServeOneAsync(frame, cancellationToken))
            {
                return;
            }
        }

        if (_malformed is { } malformed)
        {
            // Tell the client why before closing, in case it is still listening.
            logger.MalformedFrame(malformed.Message);
            await _responses!.TryWriteAsync(ErrorResponses.From(malformed), cancellationToken);
        }
    }

    /// <summary>The next request frame; null when the client left, the frame stream broke, or it stayed idle too long.</summary>
    private async Task<byte[]?> NextFrameAsync(ChannelReader<byte[]> frames, CancellationToken cancellationToken)
    {
        // A client connects to ask something: one that says nothing at first is not given the long idle time.
        var timeout = _servedAny ? idleTimeout : TimeSpan.FromTicks(Math.Min(idleTimeout.Ticks, frameTimeout.Ticks));
        _servedAny = true;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(timeout);
        try
        {
            return await frames.WaitToReadAsync(idle.Token) && frames.TryRead(out var frame) ? frame : null;
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.IdleTimeout(timeout.TotalSeconds);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
