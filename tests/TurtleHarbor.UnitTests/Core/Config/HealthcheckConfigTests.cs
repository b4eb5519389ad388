using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class HealthcheckConfigTests
{
    private static string Script(string healthcheck, string extra = "") =>
        $"scripts:\n  web:\n    command: x\n    restart_policy: always\n{extra}    healthcheck:\n{healthcheck}";

    private static ScriptSpec Parse(string yaml) => ConfigLoader.Parse(yaml, Path).Scripts[0];

    [Fact]
    public void A_tcp_probe_takes_compose_defaults_of_ten_seconds_five_seconds_three_retries_and_no_start_period()
    {
        var spec = Parse(Script("      tcp: localhost:5432\n"));

        Assert.Equal(new HealthcheckSpec(HealthProbeKind.Tcp, "localhost:5432", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 3, TimeSpan.Zero), spec.Healthcheck);
        Assert.Equal(UnhealthyAction.Ignore, spec.OnUnhealthy);
    }

    [Fact]
    public void Each_probe_kind_and_every_timing_key_is_read()
    {
        var spec = Parse(Script("      http: http://127.0.0.1:8080/health\n      interval: 2s\n      timeout: 500ms\n      retries: 5\n      start_period: 1m\n", "    on_unhealthy: restart\n"));

        Assert.Equal(new HealthcheckSpec(HealthProbeKind.Http, "http://127.0.0.1:8080/health", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), 5, TimeSpan.FromMinutes(1)), spec.Healthcheck);
        Assert.Equal(UnhealthyAction.Restart, spec.OnUnhealthy);
        Assert.Equal(HealthProbeKind.Command, Parse(Script("      command: pg_isready -q\n")).Healthcheck!.Kind);
        Assert.Equal(HealthProbeKind.Log, Parse(Script("      log: 'listening on port \\d+'\n")).Healthcheck!.Kind);
        Assert.Equal("[::1]:6379", Parse(Script("      tcp: '[::1]:6379'\n")).Healthcheck!.Target);
    }

    [Theory]
    [InlineData("[\"CMD\", \"pg_isready\", \"-U\", \"my user\"]", "pg_isready -U 'my user'")]
    [InlineData("[\"CMD-SHELL\", \"curl -f localhost || exit 1\"]", "curl -f localhost || exit 1")]
    [InlineData("curl -f localhost", "curl -f localhost")]
    public void Compose_test_forms_become_a_command_probe(string test, string command)
    {
        var spec = Parse(Script($"      test: {test}\n"));

        Assert.Equal(HealthProbeKind.Command, spec.Healthcheck!.Kind);
        Assert.Equal(command, spec.Healthcheck.Target);
    }

    [Theory]
    [InlineData("      test: [\"NONE\"]\n")]
    [InlineData("      tcp: localhost:1\n      disable: true\n")]
    public void A_disabled_healthcheck_is_none(string healthcheck)
    {
        Assert.Null(Parse(Script(healthcheck)).Healthcheck);
    }

    [Theory]
    [InlineData("      interval: 5s\n", "5:5: the healthcheck of script 'web' needs one probe: command, http, tcp or log")]
    [InlineData("      tcp: a:1\n      http: http://a/\n", "7:13: a healthcheck has exactly one probe, found 'tcp' and 'http'")]
    [InlineData("      http: localhost:8080\n", "6:13: the healthcheck's 'http' must be an http:// or https:// URL (e.g. http://localhost:8080/health), found 'localhost:8080'")]
    [InlineData("      http: ftp://host/x\n", "6:13: the healthcheck's 'http' must be an http:// or https:// URL (e.g. http://localhost:8080/health), found 'ftp://host/x'")]
    [InlineData("      tcp: localhost\n", "6:12: the healthcheck's 'tcp' must be HOST:PORT with a port from 1 to 65535 (e.g. localhost:5432 or [::1]:5432), found 'localhost'")]
    [InlineData("      tcp: localhost:70000\n", "6:12: the healthcheck's 'tcp' must be HOST:PORT with a port from 1 to 65535 (e.g. localhost:5432 or [::1]:5432), found 'localhost:70000'")]
    [InlineData("      tcp: ::1:80\n", "6:12: the healthcheck's 'tcp' must be HOST:PORT with a port from 1 to 65535 (e.g. localhost:5432 or [::1]:5432), found '::1:80'")]
    [InlineData("      log: 'ready ('\n", "6:12: the healthcheck's 'log' pattern 'ready (' is not a valid regular expression: a '(' is not closed")]
    [InlineData("      log: '(a)\\1'\n", "6:12: the healthcheck's 'log' pattern '(a)\\1' uses a backreference, lookaround, atomic group or conditional, which 'log:' patterns do not support (they can take exponential time)")]
    [InlineData("      tcp: a:1\n      interval: soon\n", "7:17: 'interval': bad duration 'soon'; " + Durations.Help)]
    [InlineData("      tcp: a:1\n      timeout: 0s\n", "7:16: 'timeout' must be longer than zero, found '0s'")]
    [InlineData("      tcp: a:1\n      interval: 10ms\n", "7:17: 'interval' must be at least 100ms, found '10ms'")]
    [InlineData("      tcp: a:1\n      start_period: 2h\n", "7:21: 'start_period' is too large (at most 1h), found '2h'")]
    [InlineData("      tcp: a:1\n      retries: 0\n", "7:16: 'retries' must be at least 1, found 0")]
    [InlineData("      command: ''\n", "6:16: the healthcheck's 'command' must be a command line, found ''")]
    [InlineData("      test: [\"CMD\"]\n", "6:13: the healthcheck's 'test' must be [\"CMD\", program, args...], [\"CMD-SHELL\", \"command line\"], [\"NONE\"] or a command line")]
    public void A_bad_healthcheck_is_refused_at_its_position(string healthcheck, string expected)
    {
        Assert.Equal(expected, Problem(Script(healthcheck)));
    }

    [Fact]
    public void An_unknown_healthcheck_key_is_refused_with_the_allowed_ones()
    {
        var problem = Problem(Script("      tcp: a:1\n      intervall: 5s\n"));

        Assert.StartsWith("7:7: unknown key 'intervall'", problem, StringComparison.Ordinal);
        Assert.Contains("did you mean 'interval'?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void On_unhealthy_restart_needs_a_healthcheck_and_a_restart_policy_that_restarts()
    {
        Assert.Equal(
            "4:19: 'on_unhealthy: restart' needs a 'healthcheck' to tell when the script is unhealthy",
            Problem("scripts:\n  web:\n    command: x\n    on_unhealthy: restart\n"));
        Assert.Equal(
            "4:19: 'on_unhealthy: restart' restarts through the restart policy, which is 'never' here; set 'restart_policy: on-failure' or 'always'",
            Problem("scripts:\n  web:\n    command: x\n    on_unhealthy: restart\n    healthcheck:\n      tcp: a:1\n"));
        Assert.StartsWith("4:19: 'on_unhealthy'", Problem("scripts:\n  web:\n    command: x\n    on_unhealthy: later\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_healthcheck_and_on_unhealthy_are_changed_fields()
    {
        var before = Parse(Script("      tcp: a:1\n"));
        var after = Parse(Script("      tcp: a:2\n", "    on_unhealthy: restart\n"));

        Assert.Equal(["healthcheck", "on_unhealthy"], ScriptSpecDiff.ChangedFields(before, after).ToArray());
        Assert.Equal(before, Parse(Script("      tcp: a:1\n")));
    }
}
