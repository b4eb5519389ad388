using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>Cron scripts in a real core over the in-memory process host, on a fake clock.</summary>
public sealed class DaemonCoreCronTests
{
    private static string Job(string cron, string command = "exit 0", string extra = "") => $"""
        scripts:
          job:
            command: {command}
            cron: "{cron}"
            timezone: UTC
        {extra}
        """;

    [Fact(Timeout = 60_000)]
    public async Task Up_arms_without_running_and_a_tick_runs_the_script_then_it_waits_again()
    {
        await using var h = await CoreHarness.StartAsync(Job("*/10 * * * * *", "exit 3"));

        var up = (OutcomesResult)await h.SendAsync(new UpCommand(h.Config(), []));

        Assert.Equal(OutcomeKind.Armed, up.Outcomes.Single().Outcome);
        var armed = await h.StatusAsync("job");
        Assert.Equal(ScriptStatus.Waiting, armed.Status);
        Assert.Equal(CoreHarness.Start.AddSeconds(10), armed.NextRun);
        Assert.Empty(await h.HistoryAsync());

        await h.PassAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

        var run = Assert.Single(await h.HistoryAsync());
        Assert.Equal(RunTrigger.Cron, run.Trigger);
        Assert.Equal(3, run.ExitCode);
        Assert.NotNull(run.EndedAt);
        var after = await h.StatusAsync("job");
        Assert.Equal(ScriptStatus.Waiting, after.Status);
        Assert.Equal(3, after.ExitCode);
        Assert.Equal(CoreHarness.Start.AddSeconds(20), after.NextRun);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_tick_that_finds_the_previous_run_still_going_is_skipped_and_logged()
    {
        await using var h = await CoreHarness.StartAsync(Job("*/10 * * * * *", "exec sleep 60"));
        await h.SendAsync(new UpCommand(h.Config(), []));

        await h.PassAsync(TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(1));

        var run = Assert.Single(await h.HistoryAsync());
        Assert.Null(run.EndedAt);
        Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("job")).Status);
        await h.SendAsync(new DownCommand(ConfigSource.Read(h.ConfigPath), []));
        await h.RestartCoreAsync();
        var log = File.ReadAllText(h.LogOf("job"));
        Assert.Equal(2, log.Split('\n').Count(l => l.Contains("skipped: still running", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 120_000)]
    public async Task Failed_starts_back_off_but_never_end_the_schedule()
    {
        await using var h = await CoreHarness.StartAsync(Job("* * * * * *", "exit 0", "    context: ./later"));

        // The folder exists when the config loads (a missing one is refused there) and is gone when the ticks come.
        var later = Path.Combine(h.Root, "later");
        Directory.CreateDirectory(later);
        var config = h.Config();
        Directory.Delete(later);
        await h.SendAsync(new UpCommand(config, []));

        await h.PassAsync(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));

        var failures = await h.HistoryAsync();
        Assert.All(failures, f => Assert.Contains("later", f.Error));
        // Every second for 30 minutes would be 1800 attempts; backoff (capped at 5 minutes) makes it a handful.
        Assert.InRange(failures.Length, 10, 40);
        var status = await h.StatusAsync("job");
        Assert.Equal(ScriptStatus.Waiting, status.Status);
        Assert.NotNull(status.NextRun);

        Directory.CreateDirectory(later);
        await h.PassAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(5));

        Assert.Contains(await h.HistoryAsync(), r => r.ExitCode == 0 && r.Trigger == RunTrigger.Cron);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("run_once", 1)]
    [InlineData("skip", 0)]
    public async Task Ticks_missed_while_the_machine_slept_run_once_or_not_at_all(string missed, int runs)
    {
        await using var h = await CoreHarness.StartAsync(Job("0 * * * *", extra: $"    missed: {missed}"));
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.PassAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        // Asleep: the wall clock jumps five hours, the monotonic timers do not move; then the machine wakes.
        h.Clock.StepWall(TimeSpan.FromHours(5));
        await h.PassAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));

        Assert.Equal(runs, (await h.HistoryAsync()).Length);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero), (await h.StatusAsync("job")).NextRun);
        await h.PassAsync(TimeSpan.FromMinutes(60), TimeSpan.FromSeconds(30));
        Assert.Equal(runs + 1, (await h.HistoryAsync()).Length);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_wall_clock_stepped_backwards_does_not_run_a_tick_twice()
    {
        await using var h = await CoreHarness.StartAsync(Job("* * * * *"));
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.PassAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));
        Assert.Single(await h.HistoryAsync());

        h.Clock.StepWall(TimeSpan.FromSeconds(-45));
        await h.PassAsync(TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(5));

        // 10:01 came round again and did not run; 10:02 did.
        var runs = await h.HistoryAsync();
        Assert.Equal(2, runs.Length);
        Assert.InRange(runs[1].StartedAt, new DateTimeOffset(2026, 3, 2, 10, 2, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 10, 2, 5, TimeSpan.Zero));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reload_re_arms_a_changed_schedule_without_a_second_timer()
    {
        await using var h = await CoreHarness.StartAsync(Job("0,30 * * * * *"));
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.SendAsync(new UpCommand(h.Config(), []));

        h.WriteConfig(Job("15,45 * * * * *"));
        var reload = (ReloadResult)await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        await h.PassAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));

        Assert.Equal(["cron"], reload.Changes.Single().Fields);
        var runs = await h.HistoryAsync();
        Assert.Equal([15, 45], runs.Select(r => r.StartedAt.Second));
        Assert.Equal(CoreHarness.Start.AddSeconds(75), (await h.StatusAsync("job")).NextRun);
    }

    [Fact(Timeout = 60_000)]
    public async Task Down_disarms_and_run_starts_a_cron_script_once_outside_its_schedule()
    {
        await using var h = await CoreHarness.StartAsync(Job("*/10 * * * * *"));
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.SendAsync(new DownCommand(ConfigSource.Read(h.ConfigPath), []));

        var stopped = await h.StatusAsync("job");
        await h.SendAsync(new RunCommand(h.Config(), "job"));
        await h.PassAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));

        Assert.Equal(ScriptStatus.Stopped, stopped.Status);
        Assert.Null(stopped.NextRun);
        var run = Assert.Single(await h.HistoryAsync());
        Assert.Equal(RunTrigger.Run, run.Trigger);
        Assert.Equal(ScriptStatus.Exited, (await h.StatusAsync("job")).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Many_armed_scripts_each_run_at_their_own_tick_in_their_own_zone_from_one_timer()
    {
        // Ticks at 10:00:10, :20 ... :50 UTC in the scripts' order, and one in Cairo (UTC+2 in March) whose 12:01:00 is 10:01:00 UTC.
        var scripts = string.Concat(Enumerable.Range(1, 5).Select(i => $"""
              s{i}:
                command: exit 0
                cron: "{i * 10} * * * * *"
                timezone: UTC

            """));
        await using var h = await CoreHarness.StartAsync($"""
            scripts:
            {scripts}  zoned:
                command: exit 0
                cron: "0 1 12 * * *"
                timezone: Africa/Cairo
            """);
        await h.SendAsync(new UpCommand(h.Config(), []));

        await h.PassAsync(TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(1));

        var runs = (await h.HistoryAsync()).OrderBy(r => r.StartedAt).ToArray();
        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "zoned"], runs.Select(r => r.Name));
        Assert.Equal([10, 20, 30, 40, 50, 60], runs.Select(r => (int)(r.StartedAt - CoreHarness.Start).TotalSeconds));
        Assert.Equal(CoreHarness.Start.AddDays(1).AddMinutes(1), (await h.StatusAsync("zoned")).NextRun);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_cron_script_removed_by_reload_never_runs_and_the_others_keep_their_ticks()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              gone:
                command: exit 0
                cron: "*/10 * * * * *"
              kept:
                command: exit 0
                cron: "*/10 * * * * *"
            """);
        await h.SendAsync(new UpCommand(h.Config(), []));

        h.WriteConfig("""
            scripts:
              kept:
                command: exit 0
                cron: "*/10 * * * * *"
            """);
        await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        await h.PassAsync(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(1));

        var runs = await h.HistoryAsync();
        Assert.Equal(["kept", "kept"], runs.Select(r => r.Name));
    }
}
