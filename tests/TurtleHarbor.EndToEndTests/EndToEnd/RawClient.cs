using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>A client that speaks the wire format of CONTRACTS.md §4 by hand, independent of th's own code.</summary>
public sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawClient> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        return new RawClient(socket);
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    public async Task<string> RequestAsync(string json)
    {
        await _stream.WriteAsync(Frame(json));
        return await ReadFrameAsync() ?? throw new IOException("connection closed by the daemon");
    }

    /// <summary>The next frame's JSON, or null when the daemon closed the connection.</summary>
    public async Task<string?> ReadFrameAsync()
    {
        var header = new byte[4];
        if (!await ReadExactlyOrEndAsync(header))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        return await ReadExactlyOrEndAsync(body) ? Encoding.UTF8.GetString(body) : null;
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
