using TurtleHarbor.Tests.Reliability;

namespace TurtleHarbor.Tests.EndToEnd;

public sealed class LifecycleTests
{
    private const string TwoScripts = """
        scripts:
          web:
            command: while true; do echo web tick; sleep 1; done
            restart_policy: always
          worker:
            command: echo worker up; exec sleep 1000
        """;

    [LinuxFact(Timeout = 120_000)]
    public async Task Up_ps_down_and_restart_drive_real_processes()
    {
        await using var th = new ThHome();
        th.WriteConfig(TwoScripts);

        var up = await th.OkAsync("up");
        Assert.Contains("web", up.Stdout);
        var rows = await th.WaitForPsAsync(r => r.Count == 2 && r.All(x => x.Status == "running"), "both running");
        Assert.All(rows, r =>
        {
            Assert.Equal(th.ConfigPath, r.Config);
            Assert.NotNull(r.Pid);
            Assert.Equal(r.Pid, r.Pgid);
            Assert.True(Processes.IsAlive(r.Pid!.Value));
        });
        await th.WaitForLogAsync("worker", "[stdout] worker up");

        var table = await th.OkAsync("ps");
        Assert.Matches(@"NAME\s+STATUS\s+PID\s+CPU%\s+MEM\s+PROCS\s+UPTIME\s+RESTARTS\s+NEXT RUN", table.Stdout);

        var oldWorker = rows.Single(r => r.Name == "worker").Pid!.Value;
        await th.OkAsync("restart", "worker");
        var restarted = await th.PsRowAsync("worker");
        Assert.Equal("running", restarted.Status);
        Assert.NotEqual(oldWorker, restarted.Pid);
        Assert.False(Processes.IsAlive(oldWorker));

        await th.OkAsync("down", "worker");
        var afterDown = await th.PsAsync();
        Assert.Equal("stopped", afterDown.Single(r => r.Name == "worker").Status);
        Assert.Null(afterDown.Single(r => r.Name == "worker").Pid);
        Assert.Equal("running", afterDown.Single(r => r.Name == "web").Status);
        Assert.Empty(Processes.GroupMembers(restarted.Pgid!.Value));

        await th.OkAsync("down");
        Assert.All(await th.PsAsync(), r => Assert.Equal("stopped", r.Status));
        await th.WaitForLogAsync("worker", "[th] stopped");
    }

    [Theory(Timeout = 120_000)]
    [InlineData("10ms")] // through the restart timer
    [InlineData("0")] // restarted within the exit's own event
    public async Task A_crashing_script_is_restarted_by_policy_and_finally_failed(string restartDelay)
    {
        await using var th = new ThHome();
        th.WriteConfig($"""
            scripts:
              crasher:
                command: echo boom; exit 3
                restart_policy: on-failure
                max_restarts: 3
                restart_delay: {restartDelay}
            """);

        await th.OkAsync("up");

        var row = await th.WaitForStatusAsync("crasher", "failed");
        Assert.Equal(3, row.Restarts);
        Assert.Equal(3, row.ExitCode);
        Assert.Null(row.Pid);
        Assert.Contains("failed (3)", (await th.OkAsync("ps")).Stdout);
        await th.WaitForLogAsync("crasher", "gave up after 3 restarts");
        var starts = File.ReadAllLines(th.LogOf("crasher")).Count(l => l.Contains("[stdout] boom"));
        Assert.Equal(4, starts);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Down_stops_every_process_of_the_group()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              family:
                command: sleep 1000 & sleep 1000 & echo spawned; wait
            """);

        await th.OkAsync("up");
        await th.WaitForLogAsync("family", "spawned");
        var pgid = (await th.PsRowAsync("family")).Pgid!.Value;
        Assert.Equal(3, Processes.GroupMembers(pgid).Count);

        await th.OkAsync("down", "family");

        Assert.Empty(Processes.GroupMembers(pgid));
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task A_script_that_ignores_SIGTERM_is_killed_after_its_stop_timeout()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              stubborn:
                command: trap '' TERM; echo trapped; while true; do sleep 1; done
                stop_timeout: 1s
            """);

        await th.OkAsync("up");
        await th.WaitForLogAsync("stubborn", "trapped");
        var pgid = (await th.PsRowAsync("stubborn")).Pgid!.Value;

        var down = await th.OkAsync("down", "stubborn");

        Assert.Contains("killed after stop_timeout", down.Stdout);
        Assert.Empty(Processes.GroupMembers(pgid));
        await th.WaitForLogAsync("stubborn", "SIGKILL to process group");
    }

    [Fact(Timeout = 120_000)]
    public async Task Stopping_ten_scripts_takes_one_grace_period_not_ten()
    {
        await using var th = new ThHome();
        var yaml = "scripts:\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"""
              s{i}:
                command: trap '' TERM; echo ready; while true; do sleep 1; done
                stop_timeout: 5s

            """));
        th.WriteConfig(yaml);
        await th.OkAsync("up");
        for (var i = 0; i < 10; i++)
        {
            await th.WaitForLogAsync($"s{i}", "ready");
        }

        var started = DateTime.UtcNow;
        await th.OkAsync("down");
        var took = DateTime.UtcNow - started;

        // Ten sequential grace periods would take 50 s; in parallel it is one (5 s) plus overhead.
        Assert.True(took < TimeSpan.FromSeconds(40), $"down took {took}");
        Assert.All(await th.PsAsync(), r => Assert.Equal("stopped", r.Status));
    }

    [Fact(Timeout = 120_000)]
    public async Task Many_scripts_named_twice_in_one_up_are_each_spawned_once_and_all_stopped_by_down()
    {
        await using var th = new ThHome();
        var pids = Path.Combine(th.Project, "pids");
        th.WriteConfig("scripts:\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"  s{i}:\n    command: echo $$ >> {pids}; exec sleep 1000\n")));
        var names = Enumerable.Range(0, 12).SelectMany(i => new[] { $"s{i}", $"s{i}" }).ToArray();

        await th.OkAsync(["up", .. names]);
        var rows = await th.WaitForPsAsync(r => r.Count == 12 && r.All(x => x.Status == "running"), "12 running");
        await Eventually.TrueAsync(() => File.Exists(pids) && File.ReadAllLines(pids).Length >= 12, "every script wrote its pid");
        await th.OkAsync("down");

        var started = File.ReadAllLines(pids).Select(int.Parse).ToList();
        try
        {
            Assert.Equal(12, started.Count);
            Assert.Equal(rows.Select(r => r.Pid!.Value).Order(), started.Order());
            Assert.All(started, pid => Assert.False(Processes.IsAlive(pid), $"pid {pid} outlived down"));
        }
        finally
        {
            started.ForEach(Processes.Kill);
        }
    }
}

