using System.Globalization;
using System.Net;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Daemon.Http;

/// <summary>
/// Where <c>th daemon --http</c> (or <c>TURTLE_HARBOR_HTTP</c>) listens: <c>PORT</c> means 127.0.0.1:PORT;
/// <c>ADDR:PORT</c> (IPv4, <c>[IPv6]:PORT</c> or <c>localhost:PORT</c>) is taken as written, so a
/// non-loopback address is only ever the user's explicit choice.
/// </summary>
internal sealed record HttpBinding(IPEndPoint EndPoint)
{
    /// <summary>The environment variable a launchd or systemd service sets to turn the endpoint on.</summary>
    public const string EnvironmentVariable = "TURTLE_HARBOR_HTTP";

    public bool IsLoopback => IPAddress.IsLoopback(EndPoint.Address);

    /// <summary>As a URL's authority: <c>127.0.0.1:9090</c>, <c>[::1]:9090</c>.</summary>
    public override string ToString() => EndPoint.ToString();

    /// <summary>The option's value, else the environment's, else null (the endpoint is off).</summary>
    /// <exception cref="UsageException">a value that is no <c>[ADDR:]PORT</c>.</exception>
    public static HttpBinding? Resolve(string? option, Func<string, string?> environment)
    {
        if (option is not null)
        {
            return Parse(option, "--http");
        }

        return environment(EnvironmentVariable) is { Length: > 0 } value ? Parse(value, EnvironmentVariable) : null;
    }

    /// <exception cref="UsageException">a value that is no <c>[ADDR:]PORT</c>; <paramref name="source"/> names where it came from.</exception>
    public static HttpBinding Parse(string value, string source)
    {
        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? null : text[..colon];
        var portText = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Bad(value, source, $"'{portText}' is not a port (1 to 65535)");
        }

        var address = host switch
        {
            null => IPAddress.Loopback,
            "localhost" => IPAddress.Loopback,
            ['[', .. var inner, ']'] when IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => v6,
            _ when !host.Contains(':') && IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count(c => c == '.') == 3 => v4,
            _ => throw Bad(value, source, $"'{host}' is not an IP address (write 127.0.0.1, 0.0.0.0, [::1] or localhost)"),
        };
        return new HttpBinding(new IPEndPoint(address, port));
    }

    private static UsageException Bad(string value, string source, string why) =>
        new($"{source} '{value}' is not [ADDR:]PORT: {why}", "for example --http 9090 (127.0.0.1:9090) or --http 0.0.0.0:9090 to listen on every interface");
}
