using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// Stops, restarts, reloads, shutdown and recovery in a real core over the in-memory process host,
/// on a fake clock: the stop_timeout passes only when a test advances the clock.
/// </summary>
public sealed class DaemonCoreLifecycleTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan JustBefore = StopTimeout - TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TheRest = TimeSpan.FromMilliseconds(100);

    private const string Scripts = """
        scripts:
          web:
            command: exec sleep 60
            stop_timeout: 5s
          stubborn:
            command: trap '' TERM; exec sleep 60
            stop_timeout: 5s
        """;

    [Fact(Timeout = 30_000)]
    public async Task A_stop_sends_the_stop_signal_and_SIGKILL_only_once_stop_timeout_has_passed()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var up = await h.OutcomesAsync(new UpCommand(h.Config(), ["stubborn"]));
        var pgid = up.Single().Pid!.Value;

        var down = h.Begin(new DownCommand(h.Source(), ["stubborn"]));
        await h.AdvanceAsync(JustBefore);

        Assert.Equal([(pgid, Signal.Term)], h.Host.Signals);
        Assert.False(down.IsCompleted);
        Assert.True(h.Host.IsGroupAlive(pgid));

        await h.AdvanceAsync(TheRest);

        Assert.Equal([(pgid, Signal.Term), (pgid, Signal.Kill)], h.Host.Signals);
        var outcome = ((OutcomesResult)await down).Outcomes.Single();
        Assert.Equal(OutcomeKind.Stopped, outcome.Outcome);
        Assert.Equal("killed after stop_timeout 5s", outcome.Note);
        Assert.False(h.Host.IsGroupAlive(pgid));
        Assert.Equal(ScriptStatus.Stopped, (await h.StatusAsync("stubborn")).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_script_that_obeys_the_stop_signal_is_stopped_without_SIGKILL()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single().Pid!.Value;

        var outcome = (await h.OutcomesAsync(new DownCommand(h.Source(), ["web"]))).Single();
        await h.AdvanceAsync(StopTimeout);

        Assert.Equal(OutcomeKind.Stopped, outcome.Outcome);
        Assert.Null(outcome.Note);
        Assert.Equal([(pgid, Signal.Term)], h.Host.Signals);
    }

    [Fact(Timeout = 30_000)]
    public async Task Up_while_a_stop_is_in_progress_starts_the_script_again_once_its_group_is_gone()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["stubborn"]))).Single().Pid!.Value;
        var down = h.Begin(new DownCommand(h.Source(), ["stubborn"]));
        await h.SettleAsync();

        var up = (await h.OutcomesAsync(new UpCommand(h.Config(), ["stubborn"]))).Single();

        Assert.Equal(OutcomeKind.StartingOnceStopped, up.Outcome);
        Assert.Equal(first, up.Pid);
        Assert.Single(h.Host.Spawned);
        await h.AdvanceAsync(StopTimeout);
        Assert.Equal(OutcomeKind.Stopped, ((OutcomesResult)await down).Outcomes.Single().Outcome);
        Assert.Equal(2, h.Host.Spawned.Count);
        var status = await h.StatusAsync("stubborn");
        Assert.Equal(ScriptStatus.Running, status.Status);
        Assert.NotEqual(first, status.Pid);
        Assert.True(h.Host.IsGroupAlive(status.Pgid!.Value));
    }

    [Fact(Timeout = 30_000)]
    public async Task Restart_during_a_stop_waits_for_the_group_and_reports_the_new_run()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["stubborn"]))).Single().Pid!.Value;
        var down = h.Begin(new DownCommand(h.Source(), ["stubborn"]));
        await h.SettleAsync();

        var restart = h.Begin(new RestartCommand(h.Config(), ["stubborn"]));
        await h.SettleAsync();

        Assert.False(restart.IsCompleted);
        Assert.Equal([(first, Signal.Term)], h.Host.Signals);
        await h.AdvanceAsync(StopTimeout);
        Assert.Equal(OutcomeKind.Stopped, ((OutcomesResult)await down).Outcomes.Single().Outcome);
        var restarted = ((OutcomesResult)await restart).Outcomes.Single();
        Assert.Equal(OutcomeKind.Restarted, restarted.Outcome);
        Assert.NotEqual(first, restarted.Pid);
        Assert.Equal([(first, Signal.Term), (first, Signal.Kill)], h.Host.Signals);
        var status = await h.StatusAsync("stubborn");
        Assert.Equal(ScriptStatus.Running, status.Status);
        Assert.Equal(restarted.Pid, status.Pid);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reload_restarts_a_running_script_whose_spec_changed_and_keeps_the_pid_of_one_that_did_not()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var web = up.Single(o => o.Name == "web").Pid!.Value;
        var stubborn = up.Single(o => o.Name == "stubborn").Pid!.Value;
        h.WriteConfig(Scripts.Replace("command: exec sleep 60\n", "command: exec sleep 61\n", StringComparison.Ordinal));

        var reload = (ReloadResult)await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        await h.SettleAsync();

        Assert.Equal(ReloadChangeKind.Changed, reload.Changes.Single(c => c.Name == "web").Change);
        Assert.Equal(["command"], reload.Changes.Single(c => c.Name == "web").Fields);
        Assert.Equal(ReloadChangeKind.Unchanged, reload.Changes.Single(c => c.Name == "stubborn").Change);
        var webNow = await h.StatusAsync("web");
        Assert.Equal(ScriptStatus.Running, webNow.Status);
        Assert.NotEqual(web, webNow.Pid);
        Assert.Equal("exec sleep 61", h.Host.Spawned[^1].Arguments[^1]);
        Assert.Equal(stubborn, (await h.StatusAsync("stubborn")).Pid);
        Assert.Equal([(web, Signal.Term)], h.Host.Signals);
    }

    [Fact(Timeout = 30_000)]
    public async Task Shutdown_stops_every_script_and_kills_the_stubborn_ones_after_stop_timeout()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var web = up.Single(o => o.Name == "web").Pid!.Value;
        var stubborn = up.Single(o => o.Name == "stubborn").Pid!.Value;

        h.Core.Post(new ShutdownRequested(Force: false));
        // No command is answered during a shutdown: wait for both stop deadlines to be armed instead.
        await Eventually.TrueAsync(() => h.Clock.TimersArmed(StopTimeout) == 2, "both stop deadlines armed");
        h.Clock.Advance(JustBefore);

        Assert.False(h.Loop.IsCompleted);
        Assert.False(h.Host.IsGroupAlive(web));
        Assert.True(h.Host.IsGroupAlive(stubborn));
        Assert.DoesNotContain((stubborn, Signal.Kill), h.Host.Signals);

        h.Clock.Advance(TheRest);
        await h.Loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains((stubborn, Signal.Kill), h.Host.Signals);
        Assert.DoesNotContain((web, Signal.Kill), h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(stubborn));
        var state = new StateStore(h.Paths.StateFile, h.Clock).Load().Document;
        Assert.All(state.Scripts, e => Assert.Equal(DesiredState.Up, e.Desired));
        Assert.All(state.Scripts, e => Assert.Null(e.Pid));
    }

    [Fact(Timeout = 30_000)]
    public async Task Recovery_stops_a_predecessors_live_groups_with_each_scripts_own_stop_settings_and_starts_what_was_up_once_gone()
    {
        await using var h = CoreHarness.Create(Scripts + """

              db:
                command: exec postgres
                stop_signal: INT
                stop_timeout: 8s
              gone:
                command: exec sleep 60
              recycled:
                command: exec sleep 60
            """);
        // stubborn: the predecessor's run, alive and deaf to SIGTERM, wanted up. db: its leader is
        // gone but a member lives on in its group. Pid 300 was a run that is dead; pid 400 is
        // another process now.
        h.Host.AddLeftover(100, 100, startTime: 42, ignoresTerm: true);
        h.Host.AddLeftover(201, 200, startTime: 43);
        h.Host.AddLeftover(400, 400, startTime: 99);
        await new StateStore(h.Paths.StateFile, h.Clock).SaveAsync(new StateDocument(StateDocument.CurrentVersion, [
            Entry("stubborn", DesiredState.Up, pid: 100, startTime: 42),
            Entry("db", DesiredState.Down, pid: 200, startTime: 44),
            Entry("gone", DesiredState.Down, pid: 300, startTime: 45),
            Entry("recycled", DesiredState.Down, pid: 400, startTime: 46),
        ]), CancellationToken.None);

        // Recovery does not wait for the groups: the loop stops them, so ps can answer meanwhile.
        await h.StartCoreAsync();

        Assert.Equal([(100, Signal.Term), (200, Signal.Int)], h.Host.Signals.OrderBy(s => s.Pgid));
        Assert.Equal(ScriptStatus.Stopping, (await h.StatusAsync("stubborn")).Status);
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        Assert.False(h.Host.IsGroupAlive(200));
        Assert.Equal(ScriptStatus.Stopped, (await h.StatusAsync("db")).Status);

        // Its own stop_timeout (5 s), not a fixed grace: still alive well after 2 s, and not started again yet.
        await h.AdvanceAsync(StopTimeout - TimeSpan.FromMilliseconds(200));
        Assert.True(h.Host.IsGroupAlive(100));
        Assert.Empty(h.Host.Spawned);
        Assert.Equal(ScriptStatus.Stopping, (await h.StatusAsync("stubborn")).Status);

        await h.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(20));

        Assert.Contains((100, Signal.Kill), h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(100));
        Assert.DoesNotContain(h.Host.Signals, s => s.Pgid is 300 or 400);
        Assert.True(h.Host.IsGroupAlive(400));
        var stubborn = await h.StatusAsync("stubborn");
        Assert.Equal(ScriptStatus.Running, stubborn.Status);
        Assert.NotEqual(100, stubborn.Pid);
        Assert.Equal(RunTrigger.Recover, (await h.HistoryAsync("stubborn")).Single().Trigger);
        Assert.Null((await h.StatusAsync("db")).Pid);

        StateEntry Entry(string name, DesiredState desired, int pid, long startTime) =>
            new(h.ConfigPath, name, desired, ScriptStatus.Running, pid, pid, startTime, CoreHarness.Start, 0, null);
    }
}
