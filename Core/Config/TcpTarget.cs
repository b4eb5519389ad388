using System.Globalization;
using System.Net;

namespace TurtleHarbor.Core.Config;

/// <summary>A <c>tcp:</c> healthcheck's HOST:PORT: a name, an IPv4 address or a bracketed IPv6 address (<c>[::1]:5432</c>), and a port 1-65535.</summary>
internal readonly record struct TcpTarget(string Host, int Port)
{
    public static bool TryParse(string text, out TcpTarget target)
    {
        target = default;
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || colon == trimmed.Length - 1)
        {
            return false;
        }

        var host = trimmed[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (host.Contains(':') || Uri.CheckHostName(host) is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            // An IPv6 address must be bracketed, or its last group would read as the port.
            return false;
        }

        if (!int.TryParse(trimmed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        target = new TcpTarget(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
