using System.Text;

namespace TurtleHarbor.Daemon.Http;

/// <summary>One complete answer; the connection closes after it (<c>Connection: close</c>).</summary>
/// <param name="Status">The HTTP status code (RFC 9110 §15).</param>
/// <param name="Allow">The <c>Allow</c> header of a 405.</param>
internal sealed record HttpResponse(int Status, string ContentType, byte[] Body, string? Allow = null)
{
    public const string Json = "application/json; charset=utf-8";

    /// <summary>The content type Prometheus's text exposition format 0.0.4 asks for.</summary>
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    public static HttpResponse Error(int status, string message, string? allow = null) =>
        new(status, Json, HttpJson.Error(message), allow);

    /// <summary>The status line, headers and body as sent.</summary>
    public byte[] Encode(bool includeBody = true)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(Status).Append(' ').Append(Reason(Status)).Append("\r\n")
            .Append("Content-Type: ").Append(ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(Body.Length).Append("\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("Connection: close\r\n");
        if (Allow is not null)
        {
            head.Append("Allow: ").Append(Allow).Append("\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return includeBody ? [.. headBytes, .. Body] : headBytes;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    };
}
