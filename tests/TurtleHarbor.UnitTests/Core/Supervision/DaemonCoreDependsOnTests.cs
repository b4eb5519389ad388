using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>depends_on on the loop, over the fake host: start order, waiting, blocked and recovered, down in reverse.</summary>
public sealed class DaemonCoreDependsOnTests
{
    private static readonly ExitStatus Crash = new(1, null);

    /// <summary>The script names in the order the host spawned them (each command starts with "echo NAME;").</summary>
    private static string[] SpawnOrder(CoreHarness h) =>
        [.. h.Host.Spawned.Select(s => s.Arguments[^1].Split(';')[0]["echo ".Length..])];

    private static string[] StopOrder(CoreHarness h, IReadOnlyDictionary<int, string> namesByPid) =>
        [.. h.Host.Signals.Where(s => s.Signal == Signal.Term).Select(s => namesByPid[s.Pgid])];

    private static async Task<Dictionary<int, string>> PidsAsync(CoreHarness h)
    {
        var status = (StatusResult)await h.SendAsync(new StatusCommand(h.Source()));
        return status.Scripts.Where(s => s.Pid is not null).ToDictionary(s => s.Pid!.Value, s => s.Name);
    }

    /// <summary>down of everything; each level's stop waits for a group check on the fake clock, so the clock moves on meanwhile.</summary>
    private static async Task<ImmutableArray<ScriptOutcome>> DownAsync(CoreHarness h)
    {
        var down = h.Begin(new DownCommand(h.Source(), []));
        // Real pauses between the steps: the loop runs on another thread and must see each step's group check.
        for (var i = 0; i < 1500 && !down.IsCompleted; i++)
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(10);
        }

        return ((OutcomesResult)await down.WaitAsync(TimeSpan.FromSeconds(10))).Outcomes;
    }

    private static Task ReportHealthAsync(CoreHarness h, string name, int pid, HealthStatus health)
    {
        h.Core.Post(new HealthReported(new ScriptKey(h.ConfigPath, name), pid, health));
        return h.SettleAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_chain_of_started_conditions_goes_up_in_order_within_the_one_up_and_comes_down_in_reverse()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              worker: { command: "echo worker; sleep 60", depends_on: [api] }
              api: { command: "echo api; sleep 60", depends_on: [db] }
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
            """);

        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));

        Assert.All(up, o => Assert.Equal(OutcomeKind.Started, o.Outcome));
        Assert.Equal(["db", "api", "worker"], SpawnOrder(h));
        var pids = await PidsAsync(h);
        var down = await DownAsync(h);
        Assert.All(down, o => Assert.Equal(OutcomeKind.Stopped, o.Outcome));
        Assert.Equal(["worker", "api", "db"], StopOrder(h, pids));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_diamond_starts_its_base_then_both_sides_then_the_top_and_stops_the_other_way_round()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              top: { command: "echo top; sleep 60", depends_on: { left: { condition: completed_successfully }, right: { condition: completed_successfully } } }
              left: { command: "echo left; sleep 60", depends_on: [base] }
              right: { command: "echo right; sleep 60", depends_on: [base] }
              base: { command: "echo base; sleep 60" }
            """);

        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        Assert.Equal(["base", "left", "right"], SpawnOrder(h));
        var waiting = await h.StatusAsync("top");
        Assert.Equal(ScriptStatus.Waiting, waiting.Status);
        Assert.Equal("left: running", waiting.BlockedBy);

        var pids = await PidsAsync(h);
        h.Host.Exit(pids.Single(p => p.Value == "left").Key, new ExitStatus(0, null));
        await h.SettleAsync();
        Assert.Equal("right: running", (await h.StatusAsync("top")).BlockedBy);
        h.Host.Exit(pids.Single(p => p.Value == "right").Key, new ExitStatus(0, null));
        await h.SettleAsync();

        Assert.Equal(["base", "left", "right", "top"], SpawnOrder(h));
        Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("top")).Status);
        await h.LogContainingAsync("top", "depends_on met (left: completed_successfully, right: completed_successfully): starting");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_fan_out_starts_the_shared_dependency_first_and_stops_it_last()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              a: { command: "echo a; sleep 60", depends_on: [db] }
              b: { command: "echo b; sleep 60", depends_on: [db] }
              c: { command: "echo c; sleep 60", depends_on: [db] }
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
            """);

        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var pids = await PidsAsync(h);
        await DownAsync(h);

        Assert.Equal(["db", "a", "b", "c"], SpawnOrder(h));
        Assert.Equal(["a", "b", "c", "db"], StopOrder(h, pids));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_healthy_condition_waits_for_healthy_blocks_on_unhealthy_and_starts_when_it_recovers()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
              api: { command: "echo api; sleep 60", depends_on: { db: { condition: healthy } } }
            """);

        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));
        Assert.Equal(OutcomeKind.Waiting, up.Single(o => o.Name == "api").Outcome);
        Assert.Equal("db: starting", up.Single(o => o.Name == "api").Note);
        var db = (await h.StatusAsync("db")).Pid!.Value;

        await ReportHealthAsync(h, "db", db, HealthStatus.Unhealthy);
        var blocked = await h.StatusAsync("api");
        Assert.Equal(ScriptStatus.Blocked, blocked.Status);
        Assert.Equal("db: unhealthy", blocked.BlockedBy);
        Assert.Equal(["db"], SpawnOrder(h));

        await ReportHealthAsync(h, "db", db, HealthStatus.Healthy);
        var running = await h.StatusAsync("api");
        Assert.Equal(ScriptStatus.Running, running.Status);
        Assert.Null(running.BlockedBy);
        var log = await h.LogContainingAsync("api", "started pid");
        Assert.Contains("[th] blocked by depends_on (db: unhealthy); starts when it recovers", log);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_dependency_that_fails_blocks_its_dependent_until_it_runs_again()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
              api: { command: "echo api; sleep 60", depends_on: { db: { condition: healthy } } }
            """);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        h.Host.Exit((await h.StatusAsync("db")).Pid!.Value, Crash);
        await h.SettleAsync();
        var blocked = await h.StatusAsync("api");
        Assert.Equal(ScriptStatus.Blocked, blocked.Status);
        Assert.Equal("db: failed", blocked.BlockedBy);

        await h.OutcomesAsync(new UpCommand(h.Config(), ["db"], NoDeps: true));
        Assert.Equal("db: starting", (await h.StatusAsync("api")).BlockedBy);
        await ReportHealthAsync(h, "db", (await h.StatusAsync("db")).Pid!.Value, HealthStatus.Healthy);

        Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("api")).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task Completed_successfully_waits_for_a_one_shot_script_and_is_blocked_by_its_failure()
    {
        const string Yaml = """
            scripts:
              migrate: { command: "echo migrate; sleep 60" }
              api: { command: "echo api; sleep 60", depends_on: { migrate: { condition: service_completed_successfully } } }
            """;
        await using (var h = await CoreHarness.StartAsync(Yaml))
        {
            await h.OutcomesAsync(new UpCommand(h.Config(), []));
            Assert.Equal("migrate: running", (await h.StatusAsync("api")).BlockedBy);

            h.Host.Exit((await h.StatusAsync("migrate")).Pid!.Value, new ExitStatus(0, null));
            await h.SettleAsync();

            Assert.Equal(["migrate", "api"], SpawnOrder(h));
            Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("api")).Status);
        }

        await using (var h = await CoreHarness.StartAsync(Yaml))
        {
            await h.OutcomesAsync(new UpCommand(h.Config(), []));
            h.Host.Exit((await h.StatusAsync("migrate")).Pid!.Value, new ExitStatus(3, null));
            await h.SettleAsync();

            var api = await h.StatusAsync("api");
            Assert.Equal(ScriptStatus.Blocked, api.Status);
            Assert.Equal("migrate: exited 3", api.BlockedBy);
            Assert.Equal(["migrate"], SpawnOrder(h));
            await h.LogContainingAsync("api", "[th] blocked by depends_on (migrate: exited 3)");
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Up_of_one_name_brings_up_what_it_needs_and_no_deps_starts_it_alone_at_once()
    {
        const string Yaml = """
            scripts:
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
              cache: { command: "echo cache; sleep 60" }
              api: { command: "echo api; sleep 60", depends_on: { db: { condition: healthy } } }
            """;
        await using (var h = await CoreHarness.StartAsync(Yaml))
        {
            var up = await h.OutcomesAsync(new UpCommand(h.Config(), ["api"]));

            Assert.Equal(["db", "api"], up.Select(o => o.Name));
            Assert.Equal(["db"], SpawnOrder(h));
            Assert.Equal(ScriptStatus.Stopped, (await h.StatusAsync("cache")).Status);
        }

        await using (var h = await CoreHarness.StartAsync(Yaml))
        {
            var up = await h.OutcomesAsync(new UpCommand(h.Config(), ["api"], NoDeps: true));

            Assert.Equal(OutcomeKind.Started, Assert.Single(up).Outcome);
            Assert.Equal(["api"], SpawnOrder(h));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Down_of_a_waiting_script_stops_its_wait_so_it_does_not_start_later()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
              api: { command: "echo api; sleep 60", depends_on: { db: { condition: healthy } } }
            """);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        var down = await h.OutcomesAsync(new DownCommand(h.Source(), ["api"]));
        await ReportHealthAsync(h, "db", (await h.StatusAsync("db")).Pid!.Value, HealthStatus.Healthy);

        Assert.Equal(OutcomeKind.Stopped, Assert.Single(down).Outcome);
        Assert.Equal(ScriptStatus.Stopped, (await h.StatusAsync("api")).Status);
        Assert.Equal(["db"], SpawnOrder(h));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reload_that_adds_a_dependency_restarts_the_dependent_only_once_the_new_script_completed()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              api: { command: "echo api; sleep 60" }
            """);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        h.WriteConfig("""
            scripts:
              migrate: { command: "echo migrate; sleep 60" }
              api: { command: "echo api; sleep 60", depends_on: { migrate: { condition: completed_successfully } } }
            """);

        var reload = (ReloadResult)await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        await h.SettleAsync();

        Assert.Equal(["depends_on"], reload.Changes.Single(c => c.Name == "api").Fields);
        var api = await h.StatusAsync("api");
        Assert.Equal(ScriptStatus.Waiting, api.Status);
        Assert.Equal("migrate: running", api.BlockedBy);
        h.Host.Exit((await h.StatusAsync("migrate")).Pid!.Value, new ExitStatus(0, null));
        await h.SettleAsync();
        Assert.Equal(["api", "migrate", "api"], SpawnOrder(h));
        Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("api")).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_restart_of_a_dependency_by_its_policy_leaves_running_dependents_alone()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              db: { command: "echo db; sleep 60", restart_policy: always, restart_delay: 0s }
              api: { command: "echo api; sleep 60", depends_on: [db] }
            """);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var api = (await h.StatusAsync("api")).Pid;

        h.Host.Exit((await h.StatusAsync("db")).Pid!.Value, Crash);
        await h.SettleAsync();

        Assert.Equal(["db", "api", "db"], SpawnOrder(h));
        Assert.Equal(api, (await h.StatusAsync("api")).Pid);
        Assert.Empty(h.Host.Signals);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_cron_tick_runs_only_while_its_dependencies_hold_and_is_skipped_with_a_line_otherwise()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              db: { command: "echo db; sleep 60", healthcheck: { tcp: "127.0.0.1:1", start_period: 1h } }
              report: { command: "echo report; exit 0", cron: "*/10 * * * * *", depends_on: [db] }
            """);

        await h.OutcomesAsync(new UpCommand(h.Config(), ["report"], NoDeps: true));
        await h.PassAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        Assert.Empty(await h.HistoryAsync("report"));
        await h.LogContainingAsync("report", "skipped: depends_on not met (db: stopped)");

        await h.OutcomesAsync(new UpCommand(h.Config(), ["db"]));
        await h.PassAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

        Assert.Equal(RunTrigger.Cron, Assert.Single(await h.HistoryAsync("report")).Trigger);
    }
}
