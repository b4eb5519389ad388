using System.Text;
using TurtleHarbor.Daemon.Http;

namespace TurtleHarbor.Tests.Daemon.Http;

public sealed class HttpRequestReaderTests
{
    [Theory]
    [InlineData("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/health", "")]
    [InlineData("GET /health/my%20job?config=%2Fp%2Fscripts.yml HTTP/1.0\r\n\r\n", "GET", "/health/my job", "config=%2Fp%2Fscripts.yml")]
    [InlineData("POST /metrics HTTP/1.1\n\n", "POST", "/metrics", "")]
    public void The_request_line_gives_method_decoded_path_and_raw_query(string head, string method, string path, string query)
    {
        var (request, refusal) = TurtleHarbor.Daemon.Http.HttpRequestReader.Parse(Encoding.ASCII.GetBytes(head));
        Assert.Null(refusal);
        Assert.Equal(new HttpRequest(method, path, query), request);
    }

    [Theory]
    [InlineData("GET /health\r\n\r\n", 400)]
    [InlineData("GET health HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET  /health HTTP/1.1\r\n\r\n", 400)]
    [InlineData("\u0001\u0002\r\n\r\n", 400)]
    [InlineData("GET /health HTTP/2.0\r\n\r\n", 505)]
    [InlineData("GET /health SPDY\r\n\r\n", 505)]
    public void A_malformed_request_line_is_refused_with_its_status(string head, int status)
    {
        var (request, refusal) = TurtleHarbor.Daemon.Http.HttpRequestReader.Parse(Encoding.Latin1.GetBytes(head));
        Assert.Null(request);
        Assert.Equal(status, refusal!.Status);
    }

    [Fact]
    public void A_response_has_its_length_and_closes_the_connection()
    {
        var text = Encoding.ASCII.GetString(HttpResponse.Error(405, "no", allow: "GET").Encode());
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", text);
        Assert.Contains("\r\nContent-Length: 14\r\n", text);
        Assert.Contains("\r\nConnection: close\r\n", text);
        Assert.Contains("\r\nAllow: GET\r\n", text);
        Assert.EndsWith("\r\n\r\n{\"error\":\"no\"}", text);
    }
}
