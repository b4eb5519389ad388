using System.Net.Sockets;
using System.Text;

namespace TurtleHarbor.Daemon.Http;

/// <summary>
/// Reads one request's head (request line and headers, RFC 9112 §2-3) into a fixed buffer: a head that
/// does not fit is refused with 431 rather than grown, so no client decides how much the daemon holds.
/// The body, if any, is never read (every route is a GET).
/// </summary>
internal static class HttpRequestReader
{
    /// <summary>Request line plus headers, in bytes; curl and Prometheus send a few hundred.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    /// <summary>The request, or the error to answer with, or null when the client left before sending a whole head.</summary>
    public static async Task<(HttpRequest? Request, HttpResponse? Refusal)> ReadAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                return (null, HttpResponse.Error(431, $"the request line and headers exceed {MaxHeadBytes} bytes"));
            }

            var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return (null, null);
            }

            var searchFrom = Math.Max(0, filled - 3);
            filled += read;
            if (EndOfHead(buffer.AsSpan(searchFrom, filled - searchFrom)))
            {
                return Parse(buffer.AsSpan(0, filled));
            }
        }
    }

    private static bool EndOfHead(ReadOnlySpan<byte> bytes) => bytes.IndexOf("\r\n\r\n"u8) >= 0 || bytes.IndexOf("\n\n"u8) >= 0;

    /// <summary>Reads the request line only; header fields are not needed by any route.</summary>
    public static (HttpRequest? Request, HttpResponse? Refusal) Parse(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOf((byte)'\n');
        var line = head[..(end < 0 ? head.Length : end)].TrimEnd((byte)'\r');
        if (line.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            return (null, HttpResponse.Error(400, "the request line is not printable ASCII"));
        }

        var parts = Encoding.ASCII.GetString(line).Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[1].StartsWith('/'))
        {
            return (null, HttpResponse.Error(400, "the request line is not 'METHOD /path HTTP/1.1'"));
        }

        if (parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return (null, HttpResponse.Error(505, $"'{parts[2]}' is not HTTP/1.0 or HTTP/1.1"));
        }

        var target = parts[1];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        return (new HttpRequest(parts[0], Uri.UnescapeDataString(path), query), null);
    }
}
