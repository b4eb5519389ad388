using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Server;

public sealed class IpcServerHandlerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 20_000)]
    public async Task A_ThException_from_the_handler_reaches_the_client_as_the_same_type()
    {
        var handler = new FakeHandler((request, responses, ct) => request is RunRequest run
            ? throw new ScriptNotFoundException($"no script '{run.Name}'", "see th ps")
            : responses.WriteAsync(new PongResponse("t", 1), ct).AsTask());
        await using var server = await TestServer.StartAsync(handler);
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ScriptNotFoundException>(() => client.SendAsync(new RunRequest("/c.yml", "ghost"), CancellationToken.None));

        Assert.Equal("no script 'ghost'", ex.Message);
        Assert.Equal("see th ps", ex.Hint);
        Assert.IsType<PongResponse>(await client.SendAsync(new PingRequest(), CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task Any_other_handler_exception_is_an_internal_error_and_the_server_lives_on()
    {
        var handler = new FakeHandler((request, responses, ct) => request is PingRequest
            ? responses.WriteAsync(new PongResponse("t", 1), ct).AsTask()
            : throw new InvalidOperationException("boom"));
        await using var server = await TestServer.StartAsync(handler);
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InternalException>(() => client.SendAsync(new DaemonStatusRequest(), CancellationToken.None));

        Assert.Contains("boom", ex.Message);
        Assert.IsType<PongResponse>(await client.SendAsync(new PingRequest(), CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task A_handler_that_answers_nothing_still_gets_the_client_an_answer()
    {
        await using var server = await TestServer.StartAsync(new FakeHandler((_, _, _) => Task.CompletedTask));
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        await Assert.ThrowsAsync<InternalException>(() => client.SendAsync(new PingRequest(), CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task A_streaming_handler_is_cancelled_as_soon_as_its_client_disconnects()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHandler(async (_, responses, ct) =>
        {
            await responses.WriteAsync(new LogChunkResponse([new LogLine("a", "first")]), ct);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }
        });
        await using var server = await TestServer.StartAsync(handler);
        var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        await foreach (var response in client.StreamAsync(new LogsRequest("/c.yml", null, 10, Follow: true), CancellationToken.None))
        {
            Assert.IsType<LogChunkResponse>(response);
            break;
        }

        Assert.False(cancelled.Task.IsCompleted);
        await client.DisposeAsync();
        await cancelled.Task.WaitAsync(Generous);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_stream_yields_every_chunk_until_the_daemon_ends_it()
    {
        var handler = new FakeHandler(async (_, responses, ct) =>
        {
            for (var i = 0; i < 5; i++)
            {
                await responses.WriteAsync(new LogChunkResponse([new LogLine("a", $"line {i}")]), ct);
            }

            throw new ThIoException("log file vanished");
        });
        await using var server = await TestServer.StartAsync(handler);
        await using var client = await IpcClient.ConnectAsync(server.SocketPath, CancellationToken.None);
        var lines = new List<string>();

        var ex = await Assert.ThrowsAsync<ThIoException>(async () =>
        {
            await foreach (var response in client.StreamAsync(new LogsRequest("/c.yml", "a", 0, Follow: true), CancellationToken.None))
            {
                lines.Add(Assert.IsType<LogChunkResponse>(response).Lines[0].Text);
            }
        });

        Assert.Equal(["line 0", "line 1", "line 2", "line 3", "line 4"], lines);
        Assert.Equal("log file vanished", ex.Message);
    }
}
