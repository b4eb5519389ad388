using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// The single writer of one connection: handler responses and the server's own error responses
/// go through here, one frame at a time. A failed or cancelled write may have left half a frame on
/// the wire, so the connection is then marked broken and every later write fails.
/// </summary>
internal sealed class ConnectionResponseWriter(Stream stream) : IResponseWriter, IDisposable
{
    private readonly FrameWriter _frames = new(stream);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool IsBroken { get; private set; }

    /// <summary>How many responses went out; the server uses it to notice a handler that answered nothing.</summary>
    public long Written { get; private set; }

    public async ValueTask WriteAsync(Response response, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsBroken)
            {
                throw new IOException("the client connection is closed");
            }

            try
            {
                await _frames.WriteResponseAsync(response, cancellationToken);
                Written++;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                IsBroken = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes an answer the server owes the client; false when the client can no longer be reached.</summary>
    public async ValueTask<bool> TryWriteAsync(Response response, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(response, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _gate.Dispose();
}
