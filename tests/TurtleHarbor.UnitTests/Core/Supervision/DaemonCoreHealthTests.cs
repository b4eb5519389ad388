using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Core.Supervision.Health;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>Healthchecks on the core's loop: the state machine on the fake clock, restarts by on_unhealthy, stale results, command probes.</summary>
public sealed class DaemonCoreHealthTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static string Config(string healthcheck, string extra = "") => $"""
        scripts:
          web:
            command: sleep 600
        {extra}    healthcheck:
        {healthcheck}
        """;

    private static async Task<HealthStatus?> HealthAsync(CoreHarness h) => (await h.StatusAsync("web")).Health;

    [Fact(Timeout = 60_000)]
    public async Task Failures_in_the_start_period_do_not_count_retries_failures_make_it_unhealthy_and_a_success_makes_it_healthy_again()
    {
        await using var h = await CoreHarness.StartAsync(Config("      tcp: db:1\n      interval: 2s\n      retries: 2\n      start_period: 5s"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        Assert.Equal(HealthStatus.Starting, await HealthAsync(h));

        // Checks at 1 s and 3 s fail inside the start period; the one at 5 s is the first that counts.
        await h.PassAsync(TimeSpan.FromSeconds(6), Second);
        Assert.Equal(HealthStatus.Starting, await HealthAsync(h));
        Assert.Equal(3, h.Prober.ProbesOf("db:1"));

        await h.AdvanceAsync(Second);
        Assert.Equal(HealthStatus.Unhealthy, await HealthAsync(h));
        var status = await h.StatusAsync("web");
        Assert.Equal(ScriptStatus.Running, status.Status);

        h.Prober.Answer("db:1", true);
        await h.PassAsync(TimeSpan.FromSeconds(2), Second);
        Assert.Equal(HealthStatus.Healthy, await HealthAsync(h));

        var log = await h.LogContainingAsync("web", "health: healthy (fake: up)");
        Assert.Contains("health: starting (tcp 'db:1' every 2s)", log, StringComparison.Ordinal);
        Assert.Contains("health: unhealthy (fake: down, 2 failed checks in a row)", log, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, Assert.Single(await h.HistoryAsync("web")).Health);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_success_inside_the_start_period_makes_it_healthy_at_once_and_later_failures_count_without_waiting_for_the_period()
    {
        await using var h = await CoreHarness.StartAsync(Config("      http: http://web/\n      interval: 1s\n      retries: 1\n      start_period: 1m"));
        h.Prober.Answer("http://web/", true);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        await h.AdvanceAsync(Second);
        Assert.Equal(HealthStatus.Healthy, await HealthAsync(h));

        h.Prober.Answer("http://web/", false);
        await h.AdvanceAsync(Second);
        Assert.Equal(HealthStatus.Unhealthy, await HealthAsync(h));
    }

    [Fact(Timeout = 60_000)]
    public async Task On_unhealthy_restart_restarts_through_the_policy_with_the_unhealthy_trigger_and_gives_up_at_max_restarts()
    {
        await using var h = await CoreHarness.StartAsync(Config(
            "      tcp: db:1\n      interval: 1s\n      retries: 1",
            "    restart_policy: on-failure\n    restart_delay: 0s\n    max_restarts: 2\n    on_unhealthy: restart\n"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var first = (await h.StatusAsync("web")).Pid!.Value;

        // Every run turns unhealthy at its first check, 1 s after its start, while its process stays alive.
        await h.PassAsync(TimeSpan.FromSeconds(4), Second);

        var status = await h.StatusAsync("web");
        Assert.Equal(ScriptStatus.Failed, status.Status);
        Assert.Null(status.Health);
        Assert.Contains((first, Signal.Term), h.Host.Signals);
        var runs = await h.HistoryAsync("web");
        Assert.Equal([RunTrigger.Up, RunTrigger.Unhealthy, RunTrigger.Unhealthy], runs.Select(r => r.Trigger));
        Assert.All(runs, r => Assert.Equal(HealthStatus.Unhealthy, r.Health));
        Assert.All(runs, r => Assert.Equal("TERM", r.Signal));
        var log = await h.LogContainingAsync("web", "gave up after 2 restarts in a row");
        Assert.Contains("unhealthy: stopping it for a restart (on_unhealthy: restart)", log, StringComparison.Ordinal);
        Assert.Contains("restarting in 0s (restart 2 of 2)", log, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task On_unhealthy_ignore_only_reports()
    {
        await using var h = await CoreHarness.StartAsync(Config("      tcp: db:1\n      interval: 1s\n      retries: 1", "    restart_policy: always\n"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        await h.PassAsync(TimeSpan.FromSeconds(3), Second);

        var status = await h.StatusAsync("web");
        Assert.Equal((ScriptStatus.Running, HealthStatus.Unhealthy), (status.Status, status.Health));
        Assert.Single(await h.HistoryAsync("web"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_result_for_an_earlier_run_or_an_earlier_check_is_ignored()
    {
        await using var h = await CoreHarness.StartAsync(Config("      tcp: db:1\n      interval: 1h"));
        var key = new ScriptKey(h.ConfigPath, "web");
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        await h.OutcomesAsync(new RestartCommand(h.Config(), []));

        // Run 1 is gone and run 2 has not been checked yet (its first check is 1 s away).
        h.Core.Post(new HealthCheckDone(key, 1, -1, ProbeOutcome.Pass("late")));
        h.Core.Post(new HealthCheckDone(key, 2, 7, ProbeOutcome.Pass("no such check")));
        await h.SettleAsync();
        Assert.Equal(HealthStatus.Starting, await HealthAsync(h));

        h.Core.Post(new HealthCheckDone(key, 2, -1, ProbeOutcome.Pass("current")));
        await h.SettleAsync();
        Assert.Equal(HealthStatus.Healthy, await HealthAsync(h));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_command_probe_runs_in_the_scripts_directory_with_no_output_and_its_exit_code_decides()
    {
        await using var h = await CoreHarness.StartAsync(Config("      command: exit 0\n      interval: 1s"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        await h.AdvanceAsync(Second);

        Assert.Equal(HealthStatus.Healthy, await HealthAsync(h));
        var probe = h.Host.Spawned[^1];
        Assert.Equal("exit 0", probe.Arguments[^1]);
        Assert.Equal(SpawnStdio.Null, probe.Stdio);
        Assert.Equal(h.Root, probe.WorkingDirectory);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_command_probe_that_outlives_its_timeout_gets_SIGKILL_to_its_group_and_fails()
    {
        await using var h = await CoreHarness.StartAsync(Config("      command: sleep 100\n      interval: 1s\n      timeout: 2s\n      retries: 1"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        await h.AdvanceAsync(Second);
        Assert.Equal(2, h.Host.Spawned.Count);
        Assert.Equal(HealthStatus.Starting, await HealthAsync(h));

        await h.PassAsync(TimeSpan.FromSeconds(2), Second);

        Assert.Equal(HealthStatus.Unhealthy, await HealthAsync(h));
        var kill = Assert.Single(h.Host.Signals, s => s.Signal == Signal.Kill);
        Assert.Equal(0, h.Host.CountLiveMembers(kill.Pgid));
        Assert.NotEqual((await h.StatusAsync("web")).Pgid, kill.Pgid);
        await h.LogContainingAsync("web", "health: unhealthy (timed out after 2s, 1 failed check)");
    }

    [Fact(Timeout = 60_000)]
    public async Task Stopping_the_script_ends_its_checks_and_clears_its_health()
    {
        await using var h = await CoreHarness.StartAsync(Config("      tcp: db:1\n      interval: 1s"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        await h.AdvanceAsync(Second);
        await h.OutcomesAsync(new DownCommand(h.Source(), []));
        var probes = h.Prober.ProbesOf("db:1");

        await h.PassAsync(TimeSpan.FromSeconds(3), Second);

        Assert.Equal(probes, h.Prober.ProbesOf("db:1"));
        Assert.Null(await HealthAsync(h));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_reload_that_changes_only_the_healthcheck_rearms_it_without_restarting_the_script()
    {
        await using var h = await CoreHarness.StartAsync(Config("      tcp: db:1\n      interval: 1s"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var pid = (await h.StatusAsync("web")).Pid;
        h.WriteConfig(Config("      tcp: db:2\n      interval: 1s"));

        await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        h.Prober.Answer("db:2", true);
        await h.AdvanceAsync(Second);

        var status = await h.StatusAsync("web");
        Assert.Equal((pid, HealthStatus.Healthy), (status.Pid, status.Health));
        Assert.Equal(0, h.Prober.ProbesOf("db:1"));
    }
}
