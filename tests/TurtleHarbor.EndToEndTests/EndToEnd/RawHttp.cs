using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>One HTTP/1.1 exchange on a plain socket, so a test sees exactly what the daemon sends.</summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>A port that was free a moment ago (bound to port 0, then released).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public static Task<Answer> GetAsync(int port, string path, string method = "GET") =>
        SendAsync(port, $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: th-tests\r\n\r\n");

    /// <summary>Sends <paramref name="request"/> as is and reads until the daemon closes the connection.</summary>
    public static async Task<Answer> SendAsync(int port, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    public static Answer Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no end of headers in: {text}");
        var lines = text[..split].Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        Assert.Equal("HTTP/1.1", statusLine[0]);
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var body = text[(split + 4)..];
        Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(headers["Content-Length"]));
        return new Answer(int.Parse(statusLine[1]), headers, body);
    }
}
