using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 16 item 5: <c>th daemon --http</c> serves /health, /health/NAME and /metrics, read-only, on loopback.</summary>
public sealed class HttpEndpointTests
{
    private const string Web = "scripts:\n  web:\n    command: exec sleep 1000\n";
    private const string Bad = "  bad:\n    command: exit 3\n    restart_policy: never\n";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact(Timeout = 120_000)]
    public async Task Health_is_200_while_every_up_script_runs_and_503_once_one_failed()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        th.WriteConfig(Web);
        await th.OkAsync("daemon", "--http", Port(port));
        await th.OkAsync("up");
        await th.WaitForStatusAsync("web", "running");

        var healthy = await RawHttp.GetAsync(port, "/health");
        Assert.Equal(200, healthy.Status);
        Assert.Equal("application/json; charset=utf-8", healthy.Headers["Content-Type"]);
        Assert.Equal("close", healthy.Headers["Connection"]);
        var rows = JsonSerializer.Deserialize<List<PsRow>>(healthy.Body, PsRow.Options)!;
        var web = Assert.Single(rows);
        Assert.Equal(("web", "running", th.ConfigPath), (web.Name, web.Status, web.Config));
        Assert.Equal("up", JsonDocument.Parse(healthy.Body).RootElement[0].GetProperty("desired").GetString());

        th.WriteConfig(Web + Bad);
        await th.RunAsync("up");
        await th.WaitForStatusAsync("bad", "failed");
        var failing = await RawHttp.GetAsync(port, "/health");
        Assert.Equal(503, failing.Status);
        var bad = JsonSerializer.Deserialize<List<PsRow>>(failing.Body, PsRow.Options)!.Single(r => r.Name == "bad");
        Assert.Equal(("failed", (int?)3), (bad.Status, bad.ExitCode));

        // A script the user stopped is no longer wanted up: health is back.
        await th.OkAsync("down", "bad");
        Assert.Equal(200, (await RawHttp.GetAsync(port, "/health")).Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Health_of_one_script_and_every_refusal_is_json_with_the_right_status()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        th.WriteConfig(Web + Bad);
        await th.OkAsync("daemon", "--http", Port(port));
        await th.RunAsync("up");
        await th.WaitForStatusAsync("web", "running");
        await th.WaitForStatusAsync("bad", "failed");

        var web = await RawHttp.GetAsync(port, "/health/web");
        Assert.Equal(200, web.Status);
        Assert.Equal("running", JsonSerializer.Deserialize<PsRow>(web.Body, PsRow.Options)!.Status);
        var bad = await RawHttp.GetAsync(port, "/health/bad");
        Assert.Equal(503, bad.Status);
        Assert.Equal(3, JsonSerializer.Deserialize<PsRow>(bad.Body, PsRow.Options)!.ExitCode);

        var unknown = await RawHttp.GetAsync(port, "/health/nope");
        Assert.Equal(404, unknown.Status);
        Assert.Equal("no script named 'nope'", JsonDocument.Parse(unknown.Body).RootElement.GetProperty("error").GetString());
        var post = await RawHttp.GetAsync(port, "/health", method: "POST");
        Assert.Equal((405, "GET"), (post.Status, post.Headers["Allow"]));
        Assert.Equal(405, (await RawHttp.GetAsync(port, "/metrics", method: "DELETE")).Status);
        Assert.Equal(404, (await RawHttp.GetAsync(port, "/")).Status);
        Assert.Equal(404, (await RawHttp.GetAsync(port, "/healthz")).Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_name_in_two_configs_is_a_409_listing_them_until_config_picks_one()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        var other = Path.Combine(th.Root, "other.yml");
        File.WriteAllText(other, Web);
        th.WriteConfig(Web);
        await th.OkAsync("daemon", "--http", Port(port));
        await th.OkAsync("up");
        await th.OkAsync("-c", other, "up");
        await th.WaitForPsAsync(rows => rows.Any(r => r.Status == "running"), "web running");

        var ambiguous = await RawHttp.GetAsync(port, "/health/web");
        Assert.Equal(409, ambiguous.Status);
        var configs = JsonDocument.Parse(ambiguous.Body).RootElement.GetProperty("configs").EnumerateArray().Select(c => c.GetString()).Order();
        Assert.Equal(new[] { th.ConfigPath, other }.Order(), configs);

        var picked = await RawHttp.GetAsync(port, "/health/web?config=" + Uri.EscapeDataString(other));
        Assert.Equal(other, JsonSerializer.Deserialize<PsRow>(picked.Body, PsRow.Options)!.Config);
    }

    [Fact(Timeout = 120_000)]
    public async Task Metrics_are_prometheus_text_with_one_series_per_script_and_the_daemons_counters()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        th.WriteConfig(Web + Bad + "  nightly:\n    command: echo hi\n    cron: \"0 0 3 1 1 *\"\n");
        await th.OkAsync("daemon", "--http", Port(port));
        await th.RunAsync("up");
        await th.WaitForStatusAsync("web", "running");
        await th.WaitForStatusAsync("bad", "failed");
        await th.WaitForStatusAsync("nightly", "waiting");

        var answer = await RawHttp.GetAsync(port, "/metrics");
        Assert.Equal(200, answer.Status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", answer.Headers["Content-Type"]);
        var metrics = PrometheusTextParser.Parse(answer.Body);
        Assert.Equal("gauge", metrics.Types["th_script_up"]);
        Assert.Equal("counter", metrics.Types["th_script_restarts_total"]);
        Assert.Equal("gauge", metrics.Types["th_script_last_exit_code"]);
        Assert.Equal("gauge", metrics.Types["th_script_uptime_seconds"]);
        Assert.Equal("counter", metrics.Types["th_loki_lines_sent_total"]);
        Assert.Equal("counter", metrics.Types["th_loki_lines_dropped_total"]);
        var config = ("config", th.ConfigPath);
        Assert.Equal(1, metrics.Value("th_script_up", ("name", "web"), config));
        Assert.Equal(0, metrics.Value("th_script_up", ("name", "bad"), config));
        Assert.Equal(1, metrics.Value("th_script_up", ("name", "nightly"), config));
        Assert.Equal(3, metrics.Value("th_script_last_exit_code", ("name", "bad"), config));
        Assert.DoesNotContain(metrics.Samples, s => s.Name == "th_script_last_exit_code" && s.Labels["name"] == "web");
        Assert.Equal(0, metrics.Value("th_script_restarts_total", ("name", "bad"), config));
        Assert.Equal(0, metrics.Value("th_script_uptime_seconds", ("name", "bad"), config));
        var uptime = metrics.Value("th_script_uptime_seconds", ("name", "web"), config);
        Assert.InRange(uptime, 0, metrics.Value("th_daemon_uptime_seconds") + 1);
        Assert.Equal(3, metrics.Samples.Count(s => s.Name == "th_script_up"));
        Assert.All(metrics.Samples.Where(s => s.Name.StartsWith("th_script_", StringComparison.Ordinal)), s => Assert.Equal(["config", "name"], s.Labels.Keys.Order()));
    }

    [Fact(Timeout = 120_000)]
    public async Task Loki_counters_appear_per_target_once_a_config_ships_to_loki()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        // Nothing listens on the Loki port: lines queue and pushes fail, which is what the counters must show.
        var loki = $"http://127.0.0.1:{RawHttp.FreePort()}";
        th.WriteConfig($"settings:\n  loki:\n    url: {loki}\n" + Web);
        await th.OkAsync("daemon", "--http", Port(port));
        await th.OkAsync("up");
        await th.WaitForStatusAsync("web", "running");

        var metrics = PrometheusTextParser.Parse((await RawHttp.GetAsync(port, "/metrics")).Body);
        Assert.Equal(0, metrics.Value("th_loki_lines_sent_total", ("url", loki)));
        Assert.True(metrics.Value("th_loki_lines_dropped_total", ("url", loki)) >= 0);
        Assert.True(metrics.Value("th_loki_lines_queued", ("url", loki)) >= 0);
    }

    [NonLoopbackFact(Timeout = 60_000)]
    public async Task Health_is_refused_from_a_non_loopback_address_by_default()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        th.WriteConfig(Web);
        await th.OkAsync("daemon", "--http", Port(port));
        Assert.Equal(200, (await RawHttp.GetAsync(port, "/health")).Status);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(new IPEndPoint(NonLoopbackFactAttribute.Address()!, port)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Oversized_slow_and_garbage_requests_do_not_stop_the_daemon_from_answering()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        th.WriteConfig(Web);
        await th.OkAsync("daemon", "--http", Port(port));
        await th.OkAsync("up");
        await th.WaitForStatusAsync("web", "running");

        // Slow clients: more connections than the endpoint serves at once, each sending half a request line and then nothing.
        var slow = new List<Socket>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                slow.Add(socket);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                await socket.SendAsync("GET /hea"u8.ToArray(), SocketFlags.None);
            }

            Assert.Equal("running", (await th.PsRowAsync("web")).Status);

            // An oversized head: answered 431, or cut off while we still send; either way the daemon goes on.
            try
            {
                var huge = "GET /health HTTP/1.1\r\nX-Big: " + new string('a', 64 * 1024) + "\r\n\r\n";
                Assert.Equal(431, (await RawHttp.SendAsync(port, huge)).Status);
            }
            catch (SocketException)
            {
                // The daemon closed on the unread rest of the head: a reset, as intended.
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Closed before any answer (connections still full of slow clients): also a refusal.
            }

            Assert.Equal("running", (await th.PsRowAsync("web")).Status);
        }
        finally
        {
            foreach (var socket in slow)
            {
                socket.Dispose();
            }
        }

        var garbage = await Eventually.ValueAsync(
            () => TrySendAsync(port, "\u0001\u0002 garbage \u00ff\r\n\r\n"),
            answer => answer is not null,
            _ => "an answer to a garbage request once the slow clients are gone",
            TimeSpan.FromSeconds(30),
            every: TimeSpan.FromMilliseconds(200));
        Assert.Equal(400, garbage!.Status);
        Assert.Equal(505, (await RawHttp.SendAsync(port, "GET /health HTTP/2.0\r\n\r\n")).Status);
        Assert.Equal(200, (await RawHttp.GetAsync(port, "/health")).Status);
        Assert.Equal("running", (await th.PsRowAsync("web")).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_port_in_use_stops_the_start_with_exit_69_before_any_script_runs()
    {
        await using var th = new ThHome();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        th.WriteConfig(Web);
        Directory.CreateDirectory(th.Home);
        // A state that wants web up (0.x's shape, which a starting daemon imports): a half-started daemon would run it.
        var state = $$"""{"version": 3, "scripts": [{"name": "web", "explicitly_stopped": false, "config_path": "{{th.ConfigPath}}"}]}""";
        File.WriteAllText(Path.Combine(th.Home, "state.json"), state);

        var result = await th.RunAsync("daemon", "--foreground", "--http", Port(port));
        Assert.Equal(69, result.ExitCode);
        Assert.Contains($"th: cannot serve --http on 127.0.0.1:{port}: Address already in use", result.Stderr);
        Assert.False(File.Exists(th.LogOf("web")), "web ran although the daemon did not start");
        Assert.Equal(state, File.ReadAllText(Path.Combine(th.Home, "state.json")));
        Assert.Equal(69, (await th.RunAsync("daemon", "status")).ExitCode);

        var detached = await th.RunAsync("daemon", "--http", Port(port));
        Assert.Equal(69, detached.ExitCode);
        Assert.Contains("Address already in use", File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("99999", "'99999' is not a port (1 to 65535)")]
    [InlineData("example.com:80", "'example.com' is not an IP address")]
    [InlineData("9090x", "'9090x' is not a port")]
    public async Task A_bad_value_is_one_sentence_and_exit_64(string value, string why)
    {
        await using var th = new ThHome();
        var option = await th.RunAsync("daemon", "--foreground", "--http", value);
        Assert.Equal(64, option.ExitCode);
        Assert.StartsWith($"th: --http '{value}' is not [ADDR:]PORT: {why}", option.Stderr);

        th.Environment["TURTLE_HARBOR_HTTP"] = value;
        var environment = await th.RunAsync("daemon", "--foreground");
        Assert.Equal(64, environment.ExitCode);
        Assert.StartsWith($"th: TURTLE_HARBOR_HTTP '{value}' is not [ADDR:]PORT", environment.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_environment_variable_turns_the_endpoint_on_for_a_service()
    {
        await using var th = new ThHome();
        var port = RawHttp.FreePort();
        th.Environment["TURTLE_HARBOR_HTTP"] = Port(port);
        th.WriteConfig(Web);
        await th.OkAsync("daemon");
        Assert.Equal(200, (await RawHttp.GetAsync(port, "/health")).Status);
    }

    private static async Task<RawHttp.Answer?> TrySendAsync(int port, string request)
    {
        try
        {
            return await RawHttp.SendAsync(port, request);
        }
        catch (Exception e) when (e is SocketException or Xunit.Sdk.XunitException)
        {
            return null;
        }
    }
}
