using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>th kill over the in-memory host, and the hint for a command that daemonized itself.</summary>
public sealed class DaemonCoreKillTests
{
    private const string Scripts = """
        scripts:
          web:
            command: sleep 60
            restart_policy: on-failure
            restart_delay: 1s
          idle:
            command: sleep 60
        """;

    [Fact(Timeout = 30_000)]
    public async Task Kill_sends_the_signal_to_the_whole_group_and_the_restart_policy_decides_what_follows()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single().Pid!.Value;
        var child = h.Host.Fork(pgid);

        var outcomes = await h.OutcomesAsync(new KillCommand(h.Source(), ["web"], Signal.Hup, MainOnly: false));

        var web = outcomes.Single();
        Assert.Equal(OutcomeKind.Signalled, web.Outcome);
        Assert.Null(web.Error);
        Assert.Equal($"SIGHUP to process group {pgid}", web.Note);
        Assert.Equal([(pgid, Signal.Hup)], h.Host.Signals);
        Assert.False(h.Host.IsAlive(child));
        // The fake dies of HUP: an exit nobody asked for with down, so on-failure restarts it.
        Assert.Equal(ScriptStatus.Restarting, (await h.StatusAsync("web")).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task Kill_main_signals_only_the_main_process()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single().Pid!.Value;
        var child = h.Host.Fork(pid);

        var web = (await h.OutcomesAsync(new KillCommand(h.Source(), ["web"], Signal.Usr1, MainOnly: true))).Single();

        Assert.Equal(OutcomeKind.Signalled, web.Outcome);
        Assert.Equal($"SIGUSR1 to pid {pid}", web.Note);
        Assert.Equal([(pid, Signal.Usr1)], h.Host.ProcessSignals);
        // The group never got USR1 (the fake's main process dies of it; on-failure then restarts, and the
        // restart stops the leftover child with the stop signal first, issue 13's one-group-at-a-time rule).
        Assert.DoesNotContain(h.Host.Signals, s => s.Signal == Signal.Usr1);
        Assert.DoesNotContain(h.Host.ProcessSignals, s => s.Pid == child);
    }

    [Fact(Timeout = 30_000)]
    public async Task Kill_of_a_named_script_that_runs_nothing_fails_for_it_and_kill_of_all_just_reports_it()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]));

        var named = (await h.OutcomesAsync(new KillCommand(h.Source(), ["idle"], Signal.Term, MainOnly: false))).Single();
        var all = await h.OutcomesAsync(new KillCommand(h.Source(), [], Signal.Term, MainOnly: false));

        Assert.Equal(OutcomeKind.NotRunning, named.Outcome);
        Assert.Equal("not running", named.Error);
        Assert.Equal(OutcomeKind.NotRunning, all.Single(o => o.Name == "idle").Outcome);
        Assert.Null(all.Single(o => o.Name == "idle").Error);
        Assert.Equal(OutcomeKind.Signalled, all.Single(o => o.Name == "web").Outcome);
    }

    [Fact(Timeout = 30_000)]
    public async Task Kill_reaches_a_group_its_main_process_left_behind()
    {
        await using var h = await CoreHarness.StartAsync(Scripts.Replace("restart_policy: on-failure", "restart_policy: never", StringComparison.Ordinal));
        var pid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single().Pid!.Value;
        var child = h.Host.Fork(pid);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        h.Host.Exit(pid, new ExitStatus(0, null));
        await h.SettleAsync();

        var main = (await h.OutcomesAsync(new KillCommand(h.Source(), ["web"], Signal.Term, MainOnly: true))).Single();
        var group = (await h.OutcomesAsync(new KillCommand(h.Source(), ["web"], Signal.Term, MainOnly: false))).Single();

        Assert.Equal(OutcomeKind.NotRunning, main.Outcome);
        Assert.Equal("its main process has exited", main.Error);
        Assert.Equal(OutcomeKind.Signalled, group.Outcome);
        Assert.Equal($"SIGTERM to process group {pid} (its main process has exited)", group.Note);
        Assert.False(h.Host.IsAlive(child));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_main_process_that_exits_0_at_once_leaving_its_group_alive_gets_the_daemonize_hint()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single().Pid!.Value;
        h.Host.Fork(pid);
        var quiet = (await h.OutcomesAsync(new UpCommand(h.Config(), ["idle"]))).Single().Pid!.Value;
        h.Host.Fork(quiet);

        await h.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        h.Host.Exit(pid, new ExitStatus(0, null));
        await h.AdvanceAsync(TimeSpan.FromSeconds(2));
        h.Host.Exit(quiet, new ExitStatus(0, null));
        // Its group outlives it: the exit is recorded when the group is empty or stop_timeout (5s) has passed.
        await h.AdvanceAsync(TimeSpan.FromSeconds(6));

        await h.LogContainingAsync("web", "put itself in the background (daemonized)");
        Assert.DoesNotContain("daemonized", await h.LogContainingAsync("idle", "exited: exit code 0"), StringComparison.Ordinal);
    }
}
