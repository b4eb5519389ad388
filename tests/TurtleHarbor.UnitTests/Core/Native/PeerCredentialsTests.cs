using System.Net.Sockets;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class PeerCredentialsTests
{
    [Fact(Timeout = 30_000)]
    public async Task Both_ends_of_a_unix_socket_see_our_uid()
    {
        var path = $"/tmp/th-peer-{Guid.NewGuid():N}.sock";
        try
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var accept = listener.AcceptAsync();
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
            using var server = await accept.WaitAsync(SpawnedChildren.Timeout);

            Assert.Equal(ProcessIdentity.CurrentUid(), PeerCredentials.GetPeerUid(server));
            Assert.Equal(ProcessIdentity.CurrentUid(), PeerCredentials.GetPeerUid(client));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_socket_with_no_peer_has_no_peer_uid()
    {
        using var unconnected = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        Assert.Null(PeerCredentials.GetPeerUid(unconnected));
        Assert.Null(PeerCredentials.GetPeerUid(tcp));
    }
}
