using System.Globalization;
using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

public sealed class LokiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 180_000)]
    public async Task Script_output_and_daemon_logs_arrive_in_Loki_with_their_labels_and_reload_applies_new_labels()
    {
        await using var loki = new LokiTestServer();
        await using var th = new ThHome();
        th.WriteConfig(Config(loki.Url, "e2e"));

        await th.OkAsync("up");

        await loki.WaitForEntriesAsync(e => e.Line == "hello loki", 1, Wait);
        await loki.WaitForEntriesAsync(e => e.Line == "to stderr", 1, Wait);
        await loki.WaitForEntriesAsync(e => e.Label("service") == "turtle-harbor-daemon" && e.Line.Contains("talker started", StringComparison.Ordinal), 1, Wait);
        Assert.All(loki.Requests, r => Assert.Null(r.ShapeError));
        var hello = loki.Accepted.First(e => e.Line == "hello loki");
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["job"] = "turtle-harbor",
                ["script"] = "talker",
                ["stream"] = "stdout",
                ["project"] = Path.GetFileName(th.Project),
                ["host"] = Environment.MachineName,
                ["environment"] = "e2e",
            },
            hello.Labels);
        Assert.Equal("stderr", loki.Accepted.First(e => e.Line == "to stderr").Label("stream"));
        Assert.Contains(loki.Accepted, e => e.Label("stream") == "th" && e.Line.StartsWith("started", StringComparison.Ordinal));
        var daemonLine = loki.Accepted.First(e => e.Label("service") == "turtle-harbor-daemon");
        Assert.Equal(["environment", "host", "level", "service"], daemonLine.Labels.Keys.Order());
        Assert.Equal("info", daemonLine.Label("level"));

        // The same instant as the file's timestamp (which shows milliseconds).
        await th.WaitForLogAsync("talker", "[stdout] hello loki");
        var fileLine = File.ReadAllLines(th.LogOf("talker")).First(l => l.EndsWith("[stdout] hello loki", StringComparison.Ordinal));
        var fileTime = DateTimeOffset.ParseExact(fileLine[..fileLine.IndexOf(' ')], "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        Assert.Equal(fileTime.ToUnixTimeMilliseconds(), hello.UnixNanos / 1_000_000);

        var status = await DaemonStatusAsync(th);
        var target = Assert.Single(status.GetProperty("loki").EnumerateArray());
        Assert.True(target.GetProperty("enabled").GetBoolean());
        Assert.Equal(loki.Url, target.GetProperty("url").GetString());
        Assert.True(target.GetProperty("lines_sent").GetInt64() >= 3);
        Assert.Equal(0, target.GetProperty("lines_dropped").GetInt64());

        th.WriteConfig(Config(loki.Url, "changed"));
        await th.OkAsync("reload");
        await th.OkAsync("restart", "talker");
        await loki.WaitForEntriesAsync(e => e.Line == "hello loki" && e.Label("environment") == "changed", 1, Wait);
        var human = await th.OkAsync("daemon", "status");
        Assert.Contains($"loki     {loki.Url}: ", human.Stdout);
    }

    [Fact(Timeout = 180_000)]
    public async Task With_Loki_down_a_chatty_script_keeps_running_its_log_is_complete_and_status_reports_drops()
    {
        const int Lines = 60_000;
        await using var th = new ThHome();
        th.WriteConfig($$"""
            settings:
              loki:
                url: http://127.0.0.1:{{ClosedPort()}}
                flush_interval: 100ms
            scripts:
              chatty:
                command: awk 'BEGIN { for (i = 1; i <= {{Lines}}; i++) print "line " i }'; exec sleep 120
            """);

        await th.OkAsync("up");
        await th.WaitForLogAsync("chatty", $"[stdout] line {Lines}\n", TimeSpan.FromSeconds(90));

        Assert.Equal("running", (await th.PsRowAsync("chatty")).Status);
        var written = File.ReadLines(th.LogOf("chatty")).Count(l => l.Contains("[stdout] line ", StringComparison.Ordinal));
        Assert.Equal(Lines, written);
        var target = Assert.Single((await DaemonStatusAsync(th)).GetProperty("loki").EnumerateArray());
        Assert.Equal(0, target.GetProperty("lines_sent").GetInt64());
        Assert.True(target.GetProperty("lines_dropped").GetInt64() >= Lines - 10_000 - 100, target.ToString());
        Assert.True(target.GetProperty("lines_queued").GetInt64() <= 10_000 + 100, target.ToString());
        Assert.NotEqual(JsonValueKind.Null, target.GetProperty("last_error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, target.GetProperty("last_error_at").ValueKind);
        if (OperatingSystem.IsLinux() && th.DaemonPid() is { } pid)
        {
            // The rest of this test holds on every OS; only the memory figure comes from /proc.
            var kilobytes = Processes.ResidentBytes(pid) / 1024;
            Assert.True(kilobytes < 300 * 1024, $"daemon RSS {kilobytes} kB");
        }

        var human = await th.OkAsync("daemon", "status");
        Assert.Contains("last error", human.Stdout);
    }

    private static string Config(string url, string environment) => $$"""
        settings:
          loki:
            url: {{url}}
            flush_interval: 200ms
            labels: { environment: {{environment}} }
        scripts:
          talker:
            command: echo "hello loki"; echo "to stderr" >&2; exec sleep 120
        """;

    private static async Task<JsonElement> DaemonStatusAsync(ThHome th)
    {
        var result = await th.OkAsync("daemon", "status", "--json");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
