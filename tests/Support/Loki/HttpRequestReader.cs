using System.Text;

namespace TurtleHarbor.Tests.Support;

/// <summary>Reads HTTP/1.1 requests with Content-Length bodies off one connection (all HttpClient sends us).</summary>
internal sealed class HttpRequestReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>The next request, or null when the client closed the connection.</summary>
    public async Task<Request?> ReadAsync(CancellationToken cancellationToken)
    {
        var head = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            head.Add(line);
        }

        var requestLine = head[0].Split(' ');
        var headers = head.Skip(1)
            .Select(h => h.Split(':', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        Assert.False(headers.ContainsKey("transfer-encoding"), "the pusher should send a Content-Length body");
        var body = new byte[int.Parse(headers["content-length"])];
        for (var read = 0; read < body.Length;)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            var take = Math.Min(_end - _start, body.Length - read);
            _buffer.AsSpan(_start, take).CopyTo(body.AsSpan(read));
            _start += take;
            read += take;
        }

        return new Request(requestLine[0], requestLine[1], headers, body);
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
