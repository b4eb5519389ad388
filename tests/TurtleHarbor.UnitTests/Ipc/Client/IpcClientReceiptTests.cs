using System.Net.Sockets;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Tests.Ipc.Server;

namespace TurtleHarbor.Tests.Ipc.Client;

/// <summary>What the client knows of a request that asked for a receipt when the daemon goes away before answering.</summary>
public sealed class IpcClientReceiptTests
{
    [Fact(Timeout = 10_000)]
    public async Task A_daemon_that_hangs_up_before_its_receipt_never_read_the_request()
    {
        var lost = await LoseAfterAsync(sendReceipt: false);

        Assert.Equal(RequestDelivery.Unread, lost.Delivery);
        Assert.Equal(ExitCode.DaemonUnreachable, lost.ExitCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_daemon_that_hangs_up_after_its_receipt_may_have_carried_the_request_out_and_the_client_says_so()
    {
        var lost = await LoseAfterAsync(sendReceipt: true);

        Assert.Equal(RequestDelivery.Received, lost.Delivery);
        Assert.Equal(ExitCode.DaemonUnreachable, lost.ExitCode);
        Assert.Contains("received the request", lost.Message);
        Assert.Contains("may or may not have been carried out", lost.Message);
        Assert.Contains("th ps", lost.Hint);
    }

    [Fact(Timeout = 20_000)]
    public async Task The_receipt_is_read_past_and_the_answer_returned()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        Assert.Equal(new PongResponse("test", 1), await client.SendAsync(new PingRequest { Receipt = true }, CancellationToken.None));
        Assert.Equal(new PongResponse("test", 2), await client.SendAsync(new PingRequest(), CancellationToken.None));
    }

    /// <summary>A listener that reads one request frame, writes a receipt or not, then closes.</summary>
    private static async Task<ConnectionLostException> LoseAfterAsync(bool sendReceipt)
    {
        var path = $"/tmp/th-rcpt-{Guid.NewGuid():N}"[..24] + ".sock";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            await using var client = await IpcClient.ConnectAsync(path, CancellationToken.None);
            using var accepted = await listener.AcceptAsync();
            var send = client.SendAsync(new DownRequest("/c.yml", ["a"]) { Receipt = true }, CancellationToken.None);
            await using (var stream = new NetworkStream(accepted, ownsSocket: false))
            {
                Assert.True((await new FrameReader(stream).ReadRequestAsync(CancellationToken.None))!.Receipt);
                if (sendReceipt)
                {
                    await new FrameWriter(stream).WriteResponseAsync(new ReceivedResponse(), CancellationToken.None);
                }
            }

            accepted.Shutdown(SocketShutdown.Both);
            return await Assert.ThrowsAsync<ConnectionLostException>(() => send);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
