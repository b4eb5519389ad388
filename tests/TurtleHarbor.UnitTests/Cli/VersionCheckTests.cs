using TurtleHarbor.Cli;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Tests.Ipc.Server;

namespace TurtleHarbor.Tests.Cli;

public sealed class VersionCheckTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_daemon_of_another_version_is_reported_once_on_stderr_with_both_versions_and_pinged_once()
    {
        await using var daemon = await FakeDaemon.StartAsync("0.1.0+old");
        var error = new StringWriter();

        for (var i = 0; i < 3; i++)
        {
            await daemon.CheckAsync("0.2.0+new", error);
        }

        var warning = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("0.1.0+old", warning);
        Assert.Contains("0.2.0+new", warning);
        Assert.Contains("th daemon restart", warning);
        Assert.Equal(1, daemon.Pings);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_daemon_of_the_same_version_gives_no_warning()
    {
        await using var daemon = await FakeDaemon.StartAsync("0.1.0+same");
        var error = new StringWriter();

        await daemon.CheckAsync("0.1.0+same", error);
        await daemon.CheckAsync("0.1.0+same", error);

        Assert.Equal("", error.ToString());
        Assert.Equal(1, daemon.Pings);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_restarted_daemon_is_asked_again()
    {
        await using var daemon = await FakeDaemon.StartAsync("0.1.0+old");
        var error = new StringWriter();
        await daemon.CheckAsync("0.2.0+new", error);

        daemon.WritePidFile(4242);
        File.SetLastWriteTimeUtc(daemon.PidFile, DateTime.UtcNow.AddSeconds(5));
        await daemon.CheckAsync("0.2.0+new", error);

        Assert.Equal(2, daemon.Pings);
        Assert.Equal(2, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>A socket that answers pings with a fixed version, and a home holding a daemon.pid.</summary>
    private sealed class FakeDaemon : IAsyncDisposable
    {
        private readonly TestServer _server;
        private int _pings;

        private FakeDaemon(TestServer server)
        {
            _server = server;
            Home = Directory.CreateTempSubdirectory("th-ver-").FullName;
            WritePidFile(1234);
        }

        public string Home { get; }

        public string PidFile => Path.Combine(Home, "daemon.pid");

        public int Pings => Volatile.Read(ref _pings);

        public static async Task<FakeDaemon> StartAsync(string version)
        {
            FakeDaemon? daemon = null;
            var server = await TestServer.StartAsync(new FakeHandler(async (request, responses, ct) =>
            {
                Interlocked.Increment(ref daemon!._pings);
                await responses.WriteAsync(new PongResponse(version, 1234), ct);
            }));
            daemon = new FakeDaemon(server);
            return daemon;
        }

        public void WritePidFile(int pid) => File.WriteAllText(PidFile, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public async Task CheckAsync(string clientVersion, StringWriter error)
        {
            var paths = new ThPaths(Home, _server.SocketPath, Path.Combine(Home, "state.json"), Path.Combine(Home, "logs"));
            var context = new ClientContext(paths, new StringWriter(), error, Color: false, Autostart: false, clientVersion);
            await using var client = await IpcClient.ConnectAsync(_server.SocketPath, CancellationToken.None);
            await VersionCheck.CheckAsync(context, client, CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await _server.DisposeAsync();
            Directory.Delete(Home, recursive: true);
        }
    }
}
