using System.Net.Sockets;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class PeerCredentialsTests
{
    [Fact(Timeout = 10_000)]
    public async Task The_peer_of_our_own_connection_is_our_effective_uid()
    {
        var path = Path.Combine("/tmp", $"th-pc-{Guid.NewGuid():N}"[..16] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            listener.Listen(1);
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
            using var server = await listener.AcceptAsync();

            Assert.Equal((int)Libc.geteuid(), PeerCredentials.GetPeerUid(server));
            Assert.Equal((int)Libc.geteuid(), PeerCredentials.GetPeerUid(client));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
