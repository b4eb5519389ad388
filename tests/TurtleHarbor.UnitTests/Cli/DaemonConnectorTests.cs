using System.Collections.Concurrent;
using System.Net.Sockets;
using TurtleHarbor.Cli;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Cli;

/// <summary>
/// Issue 20 item 5, the client's side: when the connection is lost before the answer, what is asked
/// again. Each test talks to a scripted daemon that answers the version check's ping, then treats the
/// request as the test says, connection by connection.
/// </summary>
public sealed class DaemonConnectorTests
{
    public static TheoryData<bool, string, bool> RetryRule => new()
    {
        // changes nothing, what the client knows of the request, asked again
        { true, nameof(RequestDelivery.Unread), true },
        { true, nameof(RequestDelivery.Unknown), true },
        { true, nameof(RequestDelivery.Received), true },
        { false, nameof(RequestDelivery.Unread), true },
        { false, nameof(RequestDelivery.Unknown), false },
        { false, nameof(RequestDelivery.Received), false },
    };

    [Theory]
    [MemberData(nameof(RetryRule))]
    public void A_read_is_always_asked_again_and_a_change_only_when_the_daemon_never_read_it(bool changesNothing, string delivery, bool again)
    {
        Assert.Equal(again, DaemonConnector.MayAskAgain(changesNothing, Enum.Parse<RequestDelivery>(delivery)));
    }

    [Fact]
    public void Reads_are_recognised_as_changing_nothing_and_changes_are_not()
    {
        Assert.True(DaemonConnector.ChangesNothing(new StatusRequest(null, All: true)));
        Assert.True(DaemonConnector.ChangesNothing(new ReloadRequest("/c.yml", DryRun: true)));
        Assert.False(DaemonConnector.ChangesNothing(new ReloadRequest("/c.yml", DryRun: false)));
        Assert.False(DaemonConnector.ChangesNothing(new UpRequest("/c.yml", [])));
        Assert.False(DaemonConnector.ChangesNothing(new DownRequest("/c.yml", [])));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_change_lost_before_its_receipt_is_sent_again_and_answered()
    {
        await using var daemon = ScriptedDaemon.Start(receipts: true, (connection, request) => connection == 0 ? Hang.Up : Hang.Answer);

        var response = await DaemonConnector.SendAsync(daemon.Context, new UpRequest("/c.yml", ["a"]), CancellationToken.None);

        Assert.IsType<OutcomesResponse>(response);
        Assert.Equal([true, true], daemon.Requests.Select(r => r.Receipt));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_change_lost_after_its_receipt_is_not_sent_again_and_the_client_says_it_may_have_been_done()
    {
        await using var daemon = ScriptedDaemon.Start(receipts: true, (_, _) => Hang.UpAfterReceipt);

        var lost = await Assert.ThrowsAsync<ConnectionLostException>(
            () => DaemonConnector.SendAsync(daemon.Context, new DownRequest("/c.yml", ["a"]), CancellationToken.None));

        Assert.Equal(RequestDelivery.Received, lost.Delivery);
        Assert.Equal(ExitCode.DaemonUnreachable, lost.ExitCode);
        Assert.Contains("may or may not have been carried out", lost.Message);
        Assert.Single(daemon.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_read_is_asked_again_without_a_receipt_whatever_happened()
    {
        await using var daemon = ScriptedDaemon.Start(receipts: true, (connection, _) => connection == 0 ? Hang.Up : Hang.Answer);

        var response = await DaemonConnector.SendAsync(daemon.Context, new StatusRequest(null, All: true), CancellationToken.None);

        Assert.IsType<StatusResponse>(response);
        Assert.Equal([false, false], daemon.Requests.Select(r => r.Receipt));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_change_to_a_daemon_without_receipts_is_not_sent_again_once_written()
    {
        await using var daemon = ScriptedDaemon.Start(receipts: false, (_, _) => Hang.Up);

        var lost = await Assert.ThrowsAsync<ConnectionLostException>(
            () => DaemonConnector.SendAsync(daemon.Context, new UpRequest("/c.yml", ["a"]), CancellationToken.None));

        Assert.Equal(RequestDelivery.Unknown, lost.Delivery);
        Assert.False(Assert.Single(daemon.Requests).Receipt);
    }

    private enum Hang
    {
        Answer,
        Up,
        UpAfterReceipt,
    }

    /// <summary>
    /// A listener in a home with no pid file (so every connection is pinged) and no lock file (so a lost
    /// connection is retried at once). It records each request after the ping.
    /// </summary>
    private sealed class ScriptedDaemon : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<Request> _requests = new();
        private readonly string _home = Directory.CreateTempSubdirectory("th-conn-").FullName;
        private Task _serving = Task.CompletedTask;

        private ScriptedDaemon()
        {
            var socket = Path.Combine(_home, "d.sock");
            Context = new ClientContext(
                new ThPaths(_home, socket, Path.Combine(_home, "state.json"), Path.Combine(_home, "logs")),
                new StringWriter(), new StringWriter(), Color: false, Autostart: false, "test");
        }

        public ClientContext Context { get; }

        public IReadOnlyList<Request> Requests => [.. _requests];

        public static ScriptedDaemon Start(bool receipts, Func<int, Request, Hang> script)
        {
            var daemon = new ScriptedDaemon();
            daemon._listener.Bind(new UnixDomainSocketEndPoint(daemon.Context.Paths.Socket));
            daemon._listener.Listen(8);
            daemon._serving = daemon.ServeAsync(receipts, script);
            return daemon;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
            Directory.Delete(_home, recursive: true);
        }

        private async Task ServeAsync(bool receipts, Func<int, Request, Hang> script)
        {
            for (var connection = 0; !_stop.IsCancellationRequested; connection++)
            {
                using var socket = await _listener.AcceptAsync(_stop.Token);
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                var reader = new FrameReader(stream);
                var writer = new FrameWriter(stream);
                Assert.IsType<PingRequest>(await reader.ReadRequestAsync(_stop.Token));
                await writer.WriteResponseAsync(new PongResponse("test", 1, receipts), _stop.Token);
                var request = (await reader.ReadRequestAsync(_stop.Token))!;
                _requests.Enqueue(request);
                var hang = script(connection, request);
                if (hang != Hang.Up && request.Receipt)
                {
                    await writer.WriteResponseAsync(new ReceivedResponse(), _stop.Token);
                }

                if (hang == Hang.Answer)
                {
                    await writer.WriteResponseAsync(request is StatusRequest ? new StatusResponse([]) : new OutcomesResponse([]), _stop.Token);
                    // The client closes its end once it has the answer.
                    await reader.ReadFrameAsync(_stop.Token);
                }

                socket.Shutdown(SocketShutdown.Both);
            }
        }
    }
}
