using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Healthchecks with the real binary against real listeners (issue 17): each probe kind, a command probe
/// killed at its timeout with nothing left of its group, start_period, and on_unhealthy: restart up to
/// max_restarts.
/// </summary>
public sealed partial class HealthcheckTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 120_000)]
    public async Task An_http_probe_is_healthy_on_2xx_and_unhealthy_on_500_404_or_a_closed_port()
    {
        await using var th = new ThHome();
        var (port, failing, closed) = (FreePort(), FreePort(), FreePort());
        th.WriteConfig($$"""
            scripts:
              server:
                command: exec python3 -m http.server {{port}} --bind 127.0.0.1
                healthcheck: { tcp: "127.0.0.1:{{port}}", interval: 200ms }
              failing:
                command: |
                  exec python3 -c "
                  import http.server as h
                  class H(h.BaseHTTPRequestHandler):
                      def do_GET(self): self.send_response(500); self.end_headers()
                  h.HTTPServer(('127.0.0.1', {{failing}}), H).serve_forever()"
                healthcheck: { tcp: "127.0.0.1:{{failing}}", interval: 200ms }
              web:
                command: sleep 600
                healthcheck: { http: "http://127.0.0.1:{{port}}/", interval: 300ms, timeout: 2s, retries: 2 }
              missing:
                command: sleep 600
                healthcheck: { http: "http://127.0.0.1:{{port}}/no-such-file", interval: 300ms, timeout: 2s, retries: 2 }
              erroring:
                command: sleep 600
                healthcheck: { http: "http://127.0.0.1:{{failing}}/", interval: 300ms, timeout: 2s, retries: 2 }
              nobody:
                command: sleep 600
                healthcheck: { http: "http://127.0.0.1:{{closed}}/", interval: 300ms, timeout: 2s, retries: 2 }
            """);

        await th.OkAsync("up");

        await WaitForHealthAsync(th, "web", "healthy");
        // Until the servers listened, their checks were refused: start the checked scripts again now that they do.
        await WaitForHealthAsync(th, "server", "healthy");
        await WaitForHealthAsync(th, "failing", "healthy");
        await th.OkAsync("restart", "missing", "erroring", "nobody");
        await WaitForHealthAsync(th, "missing", "unhealthy");
        await WaitForHealthAsync(th, "erroring", "unhealthy");
        await WaitForHealthAsync(th, "nobody", "unhealthy");
        var ps = (await th.OkAsync("ps")).Stdout;
        Assert.Matches(@"web\s+running \(healthy\)", ps);
        Assert.Matches(@"erroring\s+running \(unhealthy\)", ps);
        await th.WaitForLogAsync("missing", "health: unhealthy (HTTP 404, 2 failed checks in a row)");
        await th.WaitForLogAsync("erroring", "health: unhealthy (HTTP 500, 2 failed checks in a row)");
        await th.WaitForLogAsync("nobody", "health: unhealthy (connection refused, 2 failed checks in a row)");
        await th.WaitForLogAsync("web", "health: healthy (HTTP 200)");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_tcp_probe_follows_a_socket_the_test_opens_then_closes()
    {
        await using var th = new ThHome();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            th.WriteConfig($$"""
                scripts:
                  web:
                    command: sleep 600
                    healthcheck:
                      tcp: 127.0.0.1:{{port}}
                      interval: 300ms
                      retries: 1
                """);
            await th.OkAsync("up");

            await WaitForHealthAsync(th, "web", "healthy");
            listener.Stop();
            await WaitForHealthAsync(th, "web", "unhealthy");

            await th.WaitForLogAsync("web", "health: unhealthy (connection refused, 1 failed check)");
            Assert.Equal("running", (await th.PsRowAsync("web")).Status);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_log_probe_turns_healthy_at_the_first_matching_line_and_stays_so()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              web:
                command: echo booting; sleep 1; echo 'listening on port 8080'; sleep 1; echo 'something else'; sleep 600
                healthcheck:
                  log: 'listening on port \d+'
                  interval: 200ms
                  retries: 100
            """);

        await th.OkAsync("up");

        await WaitForHealthAsync(th, "web", "healthy");
        await th.WaitForLogAsync("web", "something else");
        Assert.Equal("healthy", await HealthAsync(th, "web"));
        var log = File.ReadAllText(th.LogOf("web"));
        Assert.Single(Regex.Matches(log, @"\[th\] health: healthy \(a log line matched\)"));
        Assert.Contains("[th] health: starting (waiting for a log line matching 'listening on port \\d+')", log, StringComparison.Ordinal);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task A_command_probe_runs_in_the_scripts_context_with_its_env_and_its_exit_code_decides()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              web:
                command: sleep 600
                env: { FLAG: ready.flag }
                healthcheck:
                  command: test -f "$FLAG"
                  interval: 300ms
                  retries: 1
            """);

        await th.OkAsync("up");
        await WaitForHealthAsync(th, "web", "unhealthy");
        await File.WriteAllTextAsync(Path.Combine(th.Project, "ready.flag"), "");

        await WaitForHealthAsync(th, "web", "healthy");
        await th.WaitForLogAsync("web", "health: healthy (exit code 0)");
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task A_command_probe_that_hangs_is_killed_with_its_whole_group_at_its_timeout()
    {
        await using var th = new ThHome();
        var pids = Path.Combine(th.Project, "probe.pgid");
        // One check (the first comes 1 s after the start, the next an hour later): its shell records its
        // group and waits on a child that would outlive a kill of the shell alone.
        th.WriteConfig($$"""
            scripts:
              web:
                command: sleep 600
                healthcheck:
                  command: echo $$ > {{pids}}; sleep 600; true
                  interval: 1h
                  timeout: 1s
                  retries: 1
            """);

        await th.OkAsync("up");
        await WaitForHealthAsync(th, "web", "unhealthy");

        var pgid = int.Parse((await File.ReadAllTextAsync(pids)).Trim(), CultureInfo.InvariantCulture);
        th.Track(pgid);
        await th.WaitForLogAsync("web", "health: unhealthy (timed out after 1s, 1 failed check)");
        await Eventually.TrueAsync(() => Processes.GroupMembers(pgid).Count == 0, $"process group {pgid} of the probe to be empty", Wait);
        // Reaped, not a zombie of the daemon: no process with the probe's pid is left at all.
        Assert.Null(ProcFs.Stat(pgid));
        Assert.Equal("running", (await th.PsRowAsync("web")).Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Failures_inside_start_period_do_not_count()
    {
        await using var th = new ThHome();
        th.WriteConfig($$"""
            scripts:
              web:
                command: sleep 600
                healthcheck:
                  tcp: 127.0.0.1:{{FreePort()}}
                  interval: 200ms
                  retries: 1
                  start_period: 3s
            """);

        await th.OkAsync("up");
        await WaitForHealthAsync(th, "web", "unhealthy");
        // ps can tell before the log writer's next flush puts the line on disk.
        await th.WaitForLogAsync("web", "[th] health: unhealthy");

        var log = File.ReadAllText(th.LogOf("web"));
        var started = TimeOf(log, "[th] started pid");
        var unhealthy = TimeOf(log, "[th] health: unhealthy");
        Assert.True(unhealthy - started >= TimeSpan.FromSeconds(3), $"unhealthy {unhealthy - started} after the start, inside start_period:\n{log}");
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task On_unhealthy_restart_restarts_a_live_script_whose_probe_fails_and_gives_up_at_max_restarts()
    {
        await using var th = new ThHome();
        var flag = Path.Combine(th.Project, "healthy.flag");
        await File.WriteAllTextAsync(flag, "");
        th.WriteConfig("""
            scripts:
              web:
                command: sleep 600
                restart_policy: on-failure
                restart_delay: 200ms
                max_restarts: 2
                on_unhealthy: restart
                healthcheck:
                  command: test -f healthy.flag
                  interval: 300ms
                  retries: 1
            """);

        await th.OkAsync("up");
        var first = await WaitForHealthAsync(th, "web", "healthy");
        File.Delete(flag);

        var failed = await th.WaitForStatusAsync("web", "failed", Wait);

        Assert.False(Processes.IsAlive(first.Pid!.Value));
        Assert.Equal(2, failed.Restarts);
        var runs = JsonDocument.Parse((await th.OkAsync("history", "--json", "web")).Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["up", "unhealthy", "unhealthy"], runs.Select(r => r.GetProperty("trigger").GetString()));
        Assert.All(runs, r => Assert.Equal("unhealthy", r.GetProperty("health").GetString()));
        Assert.All(runs, r => Assert.Equal("TERM", r.GetProperty("signal").GetString()));
        Assert.Matches(@"web\s+unhealthy\s+.*signal TERM, unhealthy", (await th.OkAsync("history", "web")).Stdout);
        await th.WaitForLogAsync("web", "gave up after 2 restarts in a row");
        Assert.Contains("[th] unhealthy: stopping it for a restart (on_unhealthy: restart)", File.ReadAllText(th.LogOf("web")), StringComparison.Ordinal);
    }

    private static async Task<string?> HealthAsync(ThHome th, string name)
    {
        var rows = JsonDocument.Parse((await th.OkAsync("ps", "--json")).Stdout).RootElement.EnumerateArray();
        var row = rows.Single(r => r.GetProperty("name").GetString() == name);
        return row.TryGetProperty("health", out var health) ? health.GetString() : null;
    }

    private static async Task<PsRow> WaitForHealthAsync(ThHome th, string name, string health)
    {
        await Eventually.TrueAsync(async () => await HealthAsync(th, name) == health, $"{name} to be {health}", Wait);
        return await th.PsRowAsync(name);
    }

    private static DateTimeOffset TimeOf(string log, string marker)
    {
        var line = log.Split('\n').First(l => l.Contains(marker, StringComparison.Ordinal));
        return DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
