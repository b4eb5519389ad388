using System.Net.Sockets;

namespace TurtleHarbor.Tests.Ipc.Server;

/// <summary>Leaves a socket file nobody listens on, as a crashed daemon would.</summary>
internal static class StaleSocket
{
    public static void Create(string path)
    {
        // .NET unlinks the file of a socket it bound when that socket is disposed; a renamed
        // file escapes that, which is what a killed process leaves behind.
        var bound = path + ".b";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"could not leave a stale socket at {path}");
        }
    }
}
