using Microsoft.Extensions.Logging.Abstractions;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Ipc.Server;

namespace TurtleHarbor.Tests.Ipc.Server;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpcServerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 20_000)]
    public async Task A_request_round_trips_over_a_real_socket()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var response = await client.SendAsync(new PingRequest(), CancellationToken.None);

        Assert.Equal(new PongResponse("test", 1), response);
    }

    [Fact(Timeout = 20_000)]
    public async Task One_connection_carries_many_requests_in_turn()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal(new PongResponse("test", i), await client.SendAsync(new PingRequest(), CancellationToken.None));
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task The_socket_is_0600_in_a_0700_directory_even_when_the_directory_was_open()
    {
        var server = TestServer.Prepare();
        await using (server)
        {
            // As if created under umask 000: the server must tighten it, not trust it.
            Directory.CreateDirectory(server.SocketDirectory);
            File.SetUnixFileMode(server.SocketDirectory, (UnixFileMode)0b111_111_111);

            await server.StartServerAsync(FakeHandler.Pong());

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.SocketDirectory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.SocketPath));
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task A_socket_directly_in_a_shared_sticky_directory_is_refused_and_the_directory_left_alone()
    {
        var modeBefore = File.GetUnixFileMode("/tmp");
        await using var server = new IpcServer($"/tmp/th-{Guid.NewGuid():N}"[..18] + ".sock", FakeHandler.Pong(), NullLogger.Instance);

        await Assert.ThrowsAsync<ThIoException>(() => server.ListenAsync(CancellationToken.None));

        Assert.Equal(modeBefore, File.GetUnixFileMode("/tmp"));
    }

    [Fact(Timeout = 20_000)]
    public async Task A_stale_socket_file_is_replaced()
    {
        var server = TestServer.Prepare();
        await using (server)
        {
            Directory.CreateDirectory(server.SocketDirectory);
            StaleSocket.Create(server.SocketPath);

            await server.StartServerAsync(FakeHandler.Pong());
            await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

            Assert.IsType<PongResponse>(await client.SendAsync(new PingRequest(), CancellationToken.None));
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task A_second_server_on_a_live_socket_refuses_to_start()
    {
        await using var first = await TestServer.StartAsync(FakeHandler.Pong());
        await using var second = new IpcServer(first.SocketPath, FakeHandler.Pong(), NullLogger.Instance);

        await Assert.ThrowsAsync<ThIoException>(() => second.ListenAsync(CancellationToken.None));

        await using var client = await IpcClient.ConnectAsync(first.SocketPath, CancellationToken.None);
        Assert.IsType<PongResponse>(await client.SendAsync(new PingRequest(), CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task Disposing_the_server_removes_the_socket_file()
    {
        var server = await TestServer.StartAsync(FakeHandler.Pong());
        var path = server.SocketPath;
        Assert.True(File.Exists(path));

        await server.Server!.DisposeAsync();

        Assert.False(File.Exists(path));
        await Assert.ThrowsAsync<DaemonUnreachableException>(() => IpcClient.ConnectAsync(path, CancellationToken.None));
        await server.DisposeAsync();
    }

    [Fact(Timeout = 20_000)]
    public async Task An_oversized_frame_closes_only_its_own_connection()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var good = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);
        await using var bad = await RawConnection.ConnectAsync(server.SocketPath);
        Assert.IsType<PongResponse>(await good.SendAsync(new PingRequest(), CancellationToken.None));

        var header = new byte[4];
        TurtleHarbor.Ipc.Framing.FrameCodec.WriteLength(header, ProtocolVersion.MaxFrameBytes + 1);
        await bad.SendBytesAsync(header);

        var error = Assert.IsType<ErrorResponse>(await bad.ReadAsync());
        Assert.Equal(76, error.Code);
        Assert.True(await bad.ReadsEndOfStreamAsync().WaitAsync(Generous));
        Assert.IsType<PongResponse>(await good.SendAsync(new PingRequest(), CancellationToken.None));
        await using var later = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);
        Assert.IsType<PongResponse>(await later.SendAsync(new PingRequest(), CancellationToken.None));
    }

    [Theory(Timeout = 20_000)]
    [InlineData("this is not json", "malformed")]
    [InlineData("{\"type\":\"frobnicate\"}", "frobnicate")]
    [InlineData("{\"type\":\"up\",\"names\":[]}", "'up'")]
    [InlineData("[1,2,3]", "malformed")]
    public async Task A_well_framed_request_it_cannot_read_gets_an_error_and_the_connection_stays(string json, string mentioned)
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var raw = await RawConnection.ConnectAsync(server.SocketPath);

        await raw.SendJsonAsync(json);
        var error = Assert.IsType<ErrorResponse>(await raw.ReadAsync());
        await raw.SendJsonAsync("{\"type\":\"ping\",\"protocol\":1}");

        Assert.Equal(76, error.Code);
        Assert.Contains(mentioned, error.Message);
        Assert.IsType<PongResponse>(await raw.ReadAsync());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_client_speaking_a_newer_protocol_is_told_so()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.SendAsync(new PingRequest { Protocol = 99 }, CancellationToken.None));

        Assert.Contains($"client speaks protocol 99, daemon {ProtocolVersion.Current}", ex.Message);
        Assert.IsType<PongResponse>(await client.SendAsync(new PingRequest(), CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task A_new_message_type_from_a_newer_client_is_reported_as_a_version_mismatch()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong());
        await using var raw = await RawConnection.ConnectAsync(server.SocketPath);

        var newer = ProtocolVersion.Current + 1;
        await raw.SendJsonAsync($"{{\"type\":\"teleport\",\"protocol\":{newer}}}");

        var error = Assert.IsType<ErrorResponse>(await raw.ReadAsync());
        Assert.Equal(76, error.Code);
        Assert.Contains($"protocol {newer}", error.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task An_idle_connection_is_closed()
    {
        await using var server = await TestServer.StartAsync(FakeHandler.Pong(), idleTimeout: TimeSpan.FromMilliseconds(200));
        await using var raw = await RawConnection.ConnectAsync(server.SocketPath);

        Assert.True(await raw.ReadsEndOfStreamAsync().WaitAsync(Generous));
    }
}
