using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Logging;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Tests.Logging.Loki;

public sealed class LokiLoggerProviderTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Daemon_log_lines_go_to_Loki_with_service_and_level_labels_and_the_pushers_own_lines_do_not()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 9, 11, 0, 0, TimeSpan.Zero));
        await using var server = new LokiTestServer(time);
        await using var pusher = new LokiPusher(new LokiPusherOptions(server.Url, null, null, null, BatchSize: 3), time);
        var sink = new LokiDaemonLogSink(time);
        sink.SetTargets([(pusher, new Dictionary<string, string> { ["service"] = "turtle-harbor-daemon", ["host"] = "box", ["env"] = "dev" })]);

        using (var factory = LoggingSetup.CreateDaemonLoggerFactory(_files.PathOf("daemon.log"), console: false, LogLevel.Debug, LogLevel.Information, sink))
        {
            var log = factory.CreateLogger("th.daemon");
            var own = factory.CreateLogger(LokiDaemonLogSink.OwnCategory);
            log.LogDebug("debug stays in the file");
            own.LokiPushFailed("connection refused");
            log.DaemonStarted(1234, "0.1.0", "/h", "/h/daemon.sock");
            log.ScriptRestarting("web", "/p/scripts.yml", 2, 1, 5);
            log.StateNotSaved("disk full");
        }

        var request = Assert.Single(await server.WaitForAsync(r => r.Count == 1, "one batch", TimeSpan.FromSeconds(20)));
        Assert.Equal(
            [
                ("info", "daemon started: pid 1234, version 0.1.0, home /h, socket /h/daemon.sock"),
                ("warn", "script web restarting in 2s (restart 1 of 5) (/p/scripts.yml)"),
                ("error", "state not saved: disk full"),
            ],
            request.Entries.Select(e => (e.Label("level")!, e.Line)));
        Assert.All(request.Entries, e => Assert.Equal(
            new Dictionary<string, string> { ["service"] = "turtle-harbor-daemon", ["host"] = "box", ["env"] = "dev", ["level"] = e.Label("level")! },
            e.Labels));
        Assert.Contains("connection refused", File.ReadAllText(_files.PathOf("daemon.log")));
    }

    [Fact]
    public void With_no_targets_the_logger_is_disabled()
    {
        var sink = new LokiDaemonLogSink(TimeProvider.System);
        using var provider = new LokiLoggerProvider(sink);

        Assert.False(provider.CreateLogger("th.daemon").IsEnabled(LogLevel.Error));
    }
}
