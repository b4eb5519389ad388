using System.Net.Sockets;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Tests.Ipc.Server;

namespace TurtleHarbor.Tests.Ipc.Client;

public sealed class IpcClientTests
{
    [Fact(Timeout = 10_000)]
    public async Task Connecting_where_no_socket_exists_is_daemon_unreachable_with_a_hint()
    {
        var path = $"/tmp/th-none-{Guid.NewGuid():N}"[..24] + ".sock";

        var ex = await Assert.ThrowsAsync<DaemonUnreachableException>(() => IpcClient.ConnectAsync(path, CancellationToken.None));

        Assert.Contains(path, ex.Message);
        Assert.NotNull(ex.Hint);
    }

    [Fact(Timeout = 10_000)]
    public async Task Connecting_to_a_socket_nobody_listens_on_is_daemon_unreachable()
    {
        var path = $"/tmp/th-dead-{Guid.NewGuid():N}"[..24] + ".sock";
        StaleSocket.Create(path);

        try
        {
            await Assert.ThrowsAsync<DaemonUnreachableException>(() => IpcClient.ConnectAsync(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task A_daemon_that_hangs_up_before_answering_is_daemon_unreachable()
    {
        var path = $"/tmp/th-hang-{Guid.NewGuid():N}"[..24] + ".sock";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            await using var client = await IpcClient.ConnectAsync(path, CancellationToken.None);
            using var accepted = await listener.AcceptAsync();
            var send = client.SendAsync(new PingRequest(), CancellationToken.None);
            await accepted.ReceiveAsync(new byte[64]);
            accepted.Shutdown(SocketShutdown.Both);

            var lost = await Assert.ThrowsAsync<ConnectionLostException>(() => send);
            Assert.Equal(ExitCode.DaemonUnreachable, lost.ExitCode);
            // No receipt was asked for, so the daemon may have read the request: a change must not be sent again.
            Assert.Equal(RequestDelivery.Unknown, lost.Delivery);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task A_request_whose_write_fails_is_known_never_to_have_reached_the_daemon()
    {
        var path = $"/tmp/th-gone-{Guid.NewGuid():N}"[..24] + ".sock";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            await using var client = await IpcClient.ConnectAsync(path, CancellationToken.None);
            var accepted = await listener.AcceptAsync();
            // A daemon torn down between accepting and reading: the client's write meets a closed peer (EPIPE).
            accepted.Dispose();

            var lost = await Assert.ThrowsAsync<ConnectionLostException>(() => client.SendAsync(new PingRequest(), CancellationToken.None));
            Assert.Equal(RequestDelivery.Unread, lost.Delivery);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task A_daemon_that_hangs_up_inside_a_frame_is_a_protocol_error()
    {
        var path = $"/tmp/th-half-{Guid.NewGuid():N}"[..24] + ".sock";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            await using var client = await IpcClient.ConnectAsync(path, CancellationToken.None);
            using var accepted = await listener.AcceptAsync();
            var send = client.SendAsync(new PingRequest(), CancellationToken.None);
            await accepted.ReceiveAsync(new byte[64]);
            await accepted.SendAsync(new byte[] { 50, 0, 0, 0, (byte)'{' });
            accepted.Shutdown(SocketShutdown.Both);

            await Assert.ThrowsAsync<ProtocolException>(() => send);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(new PingRequest(), CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task A_socket_path_too_long_for_the_os_is_a_usage_error_naming_the_path()
    {
        var path = "/tmp/" + new string('x', 200) + "/d.sock";

        var ex = await Assert.ThrowsAsync<UsageException>(() => IpcClient.ConnectAsync(path, CancellationToken.None));

        Assert.Contains(path, ex.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_full_listen_backlog_makes_the_client_wait_for_the_daemon_not_report_it_missing()
    {
        var path = $"/tmp/th-full-{Guid.NewGuid():N}"[..24] + ".sock";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var queued = new List<Socket>();
        try
        {
            SocketException? refused = null;
            while (refused is null && queued.Count < 64)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(path));
                    queued.Add(s);
                }
                catch (SocketException e)
                {
                    s.Dispose();
                    refused = e;
                }
            }

            Assert.NotNull(refused);
            Assert.True(ListenBacklog.IsFull(refused, static () => true), $"a full backlog refuses with {refused.SocketErrorCode}");

            var connecting = IpcClient.ConnectAsync(path, static () => true, CancellationToken.None); // as with a daemon holding its lock
            foreach (var _ in queued)
            {
                (await listener.AcceptAsync()).Dispose();
            }

            await using var client = await connecting;
        }
        finally
        {
            queued.ForEach(s => s.Dispose());
            File.Delete(path);
        }
    }
}
