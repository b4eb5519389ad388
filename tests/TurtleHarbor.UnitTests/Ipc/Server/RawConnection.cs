using System.Net.Sockets;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Server;

/// <summary>A client without manners: sends whatever bytes a test wants and reads frames back.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly NetworkStream _stream;

    private RawConnection(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = new FrameReader(_stream);
        Writer = new FrameWriter(_stream);
    }

    public FrameReader Reader { get; }

    public FrameWriter Writer { get; }

    /// <summary>Bytes the server has written that this end has not read yet.</summary>
    public int Available => _stream.Socket.Available;

    public static async Task<RawConnection> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        return new RawConnection(socket);
    }

    public async Task SendBytesAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public async Task SendJsonAsync(string json)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        FrameCodec.WriteLength(frame, body.Length);
        body.CopyTo(frame, 4);
        await SendBytesAsync(frame);
    }

    public async Task<Response?> ReadAsync() => await Reader.ReadResponseAsync(CancellationToken.None);

    /// <summary>True once the server has closed its end (a read returns 0 or the connection resets).</summary>
    public async Task<bool> ReadsEndOfStreamAsync()
    {
        try
        {
            return await _stream.ReadAsync(new byte[1]) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
