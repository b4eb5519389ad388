using System.Collections.Immutable;
using System.Text;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Daemon.Http;

namespace TurtleHarbor.Tests.Daemon.Http;

public sealed class HttpRoutesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static ScriptSnapshot Script(string name, ScriptStatus status, DesiredState desired, string config = "/p/scripts.yml", HealthStatus? health = null, int? exitCode = null) =>
        new(name, config, status, null, null, null, status == ScriptStatus.Running ? 42 : 0, 2, exitCode, null, desired, Health: health);

    private static HttpRoutes Routes(params ScriptSnapshot[] scripts)
    {
        var state = new HealthQueryResult([.. scripts], Now.AddSeconds(-100), [new LokiStatus(true, "http://loki:3100", 10, 1, 0, "refused", Now, ["/p/scripts.yml"])]);
        return new HttpRoutes(_ => Task.FromResult(state), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
    }

    [Theory]
    [InlineData("Running", "Up", null, true)]
    [InlineData("Running", "Up", "Starting", true)]
    [InlineData("Running", "Up", "Unhealthy", false)]
    [InlineData("Waiting", "Up", null, true)]
    [InlineData("Restarting", "Up", null, false)]
    [InlineData("Failed", "Up", null, false)]
    [InlineData("Exited", "Up", null, false)]
    [InlineData("Stopped", "Up", null, false)]
    [InlineData("Stopped", "Down", null, true)]
    [InlineData("Failed", "Down", null, true)]
    public void Healthy_means_wanted_down_or_running_or_waiting(string status, string desired, string? health, bool healthy) =>
        Assert.Equal(healthy, HealthRule.IsHealthy(Script(
            "a", Enum.Parse<ScriptStatus>(status), Enum.Parse<DesiredState>(desired), health: health is null ? null : Enum.Parse<HealthStatus>(health))));

    [Fact]
    public async Task Routes_and_methods_get_their_statuses()
    {
        var routes = Routes(Script("web", ScriptStatus.Running, DesiredState.Up), Script("bad", ScriptStatus.Failed, DesiredState.Up, exitCode: 3));
        async Task<int> Status(string method, string path, string query = "") => (await routes.AnswerAsync(new HttpRequest(method, path, query), CancellationToken.None)).Status;

        Assert.Equal(503, await Status("GET", "/health"));
        Assert.Equal(200, await Status("GET", "/health/web"));
        Assert.Equal(503, await Status("GET", "/health/bad"));
        Assert.Equal(404, await Status("GET", "/health/nope"));
        Assert.Equal(404, await Status("GET", "/health/web", "config=%2Fother.yml"));
        Assert.Equal(404, await Status("GET", "/health/"));
        Assert.Equal(404, await Status("GET", "/"));
        Assert.Equal(200, await Status("GET", "/metrics"));
        Assert.Equal(405, await Status("HEAD", "/health"));
        Assert.Equal(405, await Status("PUT", "/metrics"));
    }

    [Fact]
    public async Task A_name_in_two_configs_needs_the_config_parameter()
    {
        var routes = Routes(Script("web", ScriptStatus.Running, DesiredState.Up, "/a/scripts.yml"), Script("web", ScriptStatus.Failed, DesiredState.Up, "/b/my scripts.yml"));

        var ambiguous = await routes.AnswerAsync(new HttpRequest("GET", "/health/web", ""), CancellationToken.None);
        Assert.Equal(409, ambiguous.Status);
        Assert.Equal("""{"error":"script 'web' is in 2 configs: add ?config=PATH","configs":["/a/scripts.yml","/b/my scripts.yml"]}""", Encoding.UTF8.GetString(ambiguous.Body));
        Assert.Equal(503, (await routes.AnswerAsync(new HttpRequest("GET", "/health/web", "config=%2Fb%2Fmy+scripts.yml"), CancellationToken.None)).Status);
        Assert.Equal(200, (await routes.AnswerAsync(new HttpRequest("GET", "/health/web", "x=1&config=/a/scripts.yml"), CancellationToken.None)).Status);
    }

    [Fact]
    public void Metrics_escape_label_values_and_skip_an_unknown_exit_code()
    {
        var state = new HealthQueryResult(
            [Script("web", ScriptStatus.Running, DesiredState.Up, "/p/a \"b\"\\c\nd.yml")],
            Now.AddSeconds(-100),
            [new LokiStatus(true, "http://loki:3100", 10, 1, 0, "refused", Now, ["/p"]), new LokiStatus(false, "http://off", 0, 0, 0, null, null, ["/q"])]);

        var text = PrometheusText.Render(state, Now);

        Assert.Contains("th_script_up{name=\"web\",config=\"/p/a \\\"b\\\"\\\\c\\nd.yml\"} 1\n", text);
        Assert.Contains("th_script_uptime_seconds{name=\"web\",config=\"/p/a \\\"b\\\"\\\\c\\nd.yml\"} 42\n", text);
        Assert.DoesNotContain("th_script_last_exit_code{", text);
        Assert.Contains("# TYPE th_script_last_exit_code gauge\n", text);
        Assert.Contains("th_daemon_uptime_seconds 100\n", text);
        Assert.Contains("th_loki_lines_sent_total{url=\"http://loki:3100\"} 10\n", text);
        Assert.Contains("th_loki_lines_dropped_total{url=\"http://loki:3100\"} 1\n", text);
        Assert.Contains("th_loki_push_failing{url=\"http://loki:3100\"} 1\n", text);
        Assert.DoesNotContain("http://off", text);
        Assert.EndsWith("\n", text);
    }
}
