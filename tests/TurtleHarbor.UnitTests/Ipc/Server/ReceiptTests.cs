using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Server;

/// <summary>Issue 20 item 5: the daemon's receipt, written after the request is read whole and before it is handled.</summary>
public sealed class ReceiptTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_request_asking_for_a_receipt_has_it_in_the_clients_socket_before_the_handler_runs()
    {
        RawConnection? raw = null;
        var waitingWhenHandled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHandler(async (_, responses, ct) =>
        {
            // What the client could read at this moment (it reads nothing until told): the receipt must already be there.
            waitingWhenHandled.SetResult(raw!.Available);
            await responses.WriteAsync(new OutcomesResponse([]), ct);
        });
        await using var server = await TestServer.StartAsync(handler);
        await using var connection = raw = await RawConnection.ConnectAsync(server.SocketPath);

        await raw.Writer.WriteRequestAsync(new DownRequest("/c.yml", ["a"]) { Receipt = true }, CancellationToken.None);

        Assert.Equal(FrameWriter.Encode(new ReceivedResponse()).Length, await waitingWhenHandled.Task);
        Assert.IsType<ReceivedResponse>(await raw.ReadAsync());
        Assert.IsType<OutcomesResponse>(await raw.ReadAsync());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_request_without_the_flag_gets_its_answer_and_no_receipt()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var raw = await RawConnection.ConnectAsync(server.SocketPath);

        await raw.Writer.WriteRequestAsync(new DownRequest("/c.yml", ["a"]), CancellationToken.None);
        await raw.Writer.WriteRequestAsync(new PingRequest { Receipt = true }, CancellationToken.None);

        Assert.Equal(new PongResponse("test", 1), await raw.ReadAsync());
        Assert.IsType<ReceivedResponse>(await raw.ReadAsync());
        Assert.Equal(new PongResponse("test", 2), await raw.ReadAsync());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_request_the_daemon_cannot_read_is_answered_with_the_error_and_no_receipt()
    {
        var handled = 0;
        await using var server = await TestServer.StartAsync(new FakeHandler((_, _, _) => Task.FromResult(Interlocked.Increment(ref handled))));
        await using var raw = await RawConnection.ConnectAsync(server.SocketPath);

        // A field of the wrong type: the request cannot be decoded, so there is nothing to receive.
        await raw.SendJsonAsync("""{"type":"down","protocol":2,"receipt":true,"config_path":"/c.yml","names":"a"}""");

        Assert.IsType<ErrorResponse>(await raw.ReadAsync());
        Assert.Equal(0, Volatile.Read(ref handled));
    }
}
