using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// Process groups that outlive their leader (issue 13, items 1, 8, 9): a run's exit is recorded
/// once its group is empty or stop_timeout after the leader's exit; what is left is stopped before
/// any next start and by <c>down</c>, like a run. Fake host, fake clock.
/// </summary>
public sealed class DaemonCoreGroupTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan JustBefore = StopTimeout - TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TheRest = TimeSpan.FromMilliseconds(100);

    // A group is looked at again this long after a signal (the /proc pass of the batch that sent it is stale).
    private static readonly TimeSpan NextLook = TimeSpan.FromMilliseconds(20);

    // "server & exit N": the leader exits at once and leaves a member in its group.
    private const string Scripts = """
        scripts:
          left:
            command: server & exit 0
            stop_timeout: 5s
          deaf:
            command: trap '' TERM; server & exit 0
            stop_timeout: 5s
          crashy:
            command: trap '' TERM; server & exit 1
            restart_policy: on-failure
            restart_delay: 2s
            stop_timeout: 5s
          polite:
            command: server & exit 1
            restart_policy: on-failure
            restart_delay: 2s
            stop_timeout: 5s
        """;

    [Fact(Timeout = 30_000)]
    public async Task A_run_whose_leader_exited_is_recorded_only_once_its_group_is_empty()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["left"]))).Single().Pid!.Value;
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Null((await h.HistoryAsync("left")).Single().EndedAt);
        var waiting = await h.StatusAsync("left");
        Assert.Equal(ScriptStatus.Running, waiting.Status);
        Assert.Null(waiting.Pid);
        Assert.Equal(1, waiting.ProcessesLeft);

        h.Host.Exit(h.Host.MembersOf(pgid).Single(), new ExitStatus(0, null));
        await h.AdvanceAsync(NextLook);

        var run = (await h.HistoryAsync("left")).Single();
        Assert.Equal(CoreHarness.Start + TimeSpan.FromSeconds(1) + NextLook, run.EndedAt);
        Assert.Equal(0, run.ExitCode);
        var status = await h.StatusAsync("left");
        Assert.Equal(ScriptStatus.Exited, status.Status);
        Assert.False(status.GroupAlive);
        Assert.Empty(h.Host.Signals);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_group_that_outlives_its_leader_by_stop_timeout_gets_its_exit_recorded_and_is_shown_as_left()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["left"]))).Single().Pid!.Value;

        await h.AdvanceAsync(JustBefore);
        Assert.Null((await h.HistoryAsync("left")).Single().EndedAt);

        await h.AdvanceAsync(TheRest);
        await h.AdvanceAsync(NextLook);

        var status = await h.StatusAsync("left");
        Assert.Equal(ScriptStatus.Exited, status.Status);
        Assert.Equal(0, status.ExitCode);
        Assert.True(status.GroupAlive);
        Assert.Equal(1, status.ProcessesLeft);
        Assert.Null(status.Pid);
        Assert.NotNull((await h.HistoryAsync("left")).Single().EndedAt);
        Assert.Empty(h.Host.Signals);
        Assert.True(h.Host.IsGroupAlive(pgid));
        await h.RestartCoreAsync(); // flushes the script's log
        Assert.Contains($"exited: exit code 0; 1 process left in process group {pgid}", File.ReadAllText(h.LogOf("left")), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Down_of_an_exited_script_whose_group_lives_on_does_the_whole_stop_and_waits_for_it()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["deaf"]))).Single().Pid!.Value;
        await h.AdvanceAsync(StopTimeout);
        Assert.Equal(ScriptStatus.Exited, (await h.StatusAsync("deaf")).Status);

        var down = h.Begin(new DownCommand(h.Source(), ["deaf"]));
        await h.AdvanceAsync(JustBefore);

        Assert.False(down.IsCompleted);
        Assert.Equal([(pgid, Signal.Term)], h.Host.Signals);
        var stopping = await h.StatusAsync("deaf");
        Assert.Equal(ScriptStatus.Stopping, stopping.Status);
        Assert.Equal(1, stopping.ProcessesLeft);

        await h.AdvanceAsync(TheRest);
        await h.AdvanceAsync(NextLook);

        var outcome = ((OutcomesResult)await down).Outcomes.Single();
        Assert.Equal(OutcomeKind.Stopped, outcome.Outcome);
        Assert.Equal("killed after stop_timeout 5s", outcome.Note);
        Assert.Equal([(pgid, Signal.Term), (pgid, Signal.Kill)], h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(pgid));
        var stopped = await h.StatusAsync("deaf");
        Assert.Equal(ScriptStatus.Stopped, stopped.Status);
        Assert.False(stopped.GroupAlive);
    }

    [Fact(Timeout = 30_000)]
    public async Task Down_while_the_group_waits_after_its_leaders_exit_stops_it_like_a_running_script()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["left"]))).Single().Pid!.Value;
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));

        var down = h.Begin(new DownCommand(h.Source(), ["left"]));
        await h.AdvanceAsync(NextLook);
        var outcome = ((OutcomesResult)await down).Outcomes.Single();

        Assert.Equal(OutcomeKind.Stopped, outcome.Outcome);
        Assert.Equal([(pgid, Signal.Term)], h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(pgid));
        Assert.Equal(ScriptStatus.Stopped, (await h.StatusAsync("left")).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_automatic_restart_stops_what_the_last_run_left_first_and_the_wait_counts_into_the_delay()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["crashy"]))).Single().Pid!.Value;
        await h.SettleAsync();

        // The leader exited 1: the member gets the stop signal at once, not after a wait of its own.
        Assert.Equal([(first, Signal.Term)], h.Host.Signals);
        Assert.Equal(ScriptStatus.Stopping, (await h.StatusAsync("crashy")).Status);
        await h.AdvanceAsync(JustBefore);
        Assert.Single(h.Host.Spawned);

        await h.AdvanceAsync(TheRest);
        await h.AdvanceAsync(NextLook);

        // SIGKILL at stop_timeout; the 2 s delay has passed meanwhile, so the restart follows at once.
        Assert.Equal([(first, Signal.Term), (first, Signal.Kill)], h.Host.Signals.Where(s => s.Pgid == first));
        Assert.False(h.Host.IsGroupAlive(first));
        Assert.Equal(2, h.Host.Spawned.Count);
        var history = await h.HistoryAsync("crashy");
        Assert.Equal(CoreHarness.Start + StopTimeout + NextLook, history[0].EndedAt);
        Assert.Equal(1, history[0].ExitCode);
        Assert.Equal(CoreHarness.Start + StopTimeout + NextLook, history[1].StartedAt);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_restart_after_a_quick_stop_of_what_was_left_still_waits_out_its_delay()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["polite"]))).Single().Pid!.Value;
        await h.SettleAsync();

        Assert.Equal([(first, Signal.Term)], h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(first));
        Assert.Equal(ScriptStatus.Stopping, (await h.StatusAsync("polite")).Status);
        await h.AdvanceAsync(NextLook);
        Assert.Equal(ScriptStatus.Restarting, (await h.StatusAsync("polite")).Status);
        await h.AdvanceAsync(TimeSpan.FromSeconds(1.9) - NextLook);
        Assert.Single(h.Host.Spawned);

        await h.AdvanceAsync(TimeSpan.FromSeconds(0.1));

        Assert.Equal(2, h.Host.Spawned.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task Up_of_a_script_whose_last_run_left_processes_stops_them_before_the_new_run()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["deaf"]))).Single().Pid!.Value;
        await h.AdvanceAsync(StopTimeout);

        var up = (await h.OutcomesAsync(new UpCommand(h.Config(), ["deaf"]))).Single();

        Assert.Equal(OutcomeKind.StartingOnceStopped, up.Outcome);
        Assert.Equal([(first, Signal.Term)], h.Host.Signals);
        Assert.Equal(ScriptStatus.Stopping, (await h.StatusAsync("deaf")).Status);
        await h.AdvanceAsync(JustBefore);
        Assert.Single(h.Host.Spawned);

        await h.AdvanceAsync(TheRest);
        await h.AdvanceAsync(NextLook);

        Assert.Equal(2, h.Host.Spawned.Count);
        Assert.False(h.Host.IsGroupAlive(first));
        await h.RestartCoreAsync(); // flushes the script's log
        Assert.Contains($"1 process left in process group {first} by an earlier run", File.ReadAllText(h.LogOf("deaf")), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_and_restart_stop_what_an_earlier_run_left_before_starting()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["deaf"]))).Single().Pid!.Value;
        await h.AdvanceAsync(StopTimeout);

        var restart = h.Begin(new RestartCommand(h.Config(), ["deaf"]));
        await h.AdvanceAsync(JustBefore);
        Assert.False(restart.IsCompleted);
        Assert.Single(h.Host.Spawned);
        await h.AdvanceAsync(TheRest);
        await h.AdvanceAsync(NextLook);

        var restarted = ((OutcomesResult)await restart).Outcomes.Single();
        Assert.Equal(OutcomeKind.Restarted, restarted.Outcome);
        Assert.False(h.Host.IsGroupAlive(first));
        Assert.Equal(2, h.Host.Spawned.Count);

        // The second run leaves a member too; run waits for it like up.
        await h.AdvanceAsync(StopTimeout);
        var run = (await h.OutcomesAsync(new RunCommand(h.Config(), "deaf"))).Single();
        Assert.Equal(OutcomeKind.StartingOnceStopped, run.Outcome);
        await h.AdvanceAsync(StopTimeout);
        await h.AdvanceAsync(NextLook);
        Assert.Equal(3, h.Host.Spawned.Count);
        Assert.False(h.Host.IsGroupAlive(restarted.Pid!.Value));
    }

    [Fact(Timeout = 30_000)]
    public async Task Shutdown_stops_groups_that_earlier_runs_left()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["deaf"]))).Single().Pid!.Value;
        await h.AdvanceAsync(StopTimeout);

        var deadlines = h.Clock.TimersArmed(StopTimeout);
        h.Core.Post(new ShutdownRequested(Force: false));
        await Eventually.TrueAsync(() => h.Clock.TimersArmed(StopTimeout) > deadlines, "the leftover's stop deadline armed");
        Assert.False(h.Loop.IsCompleted);
        var looks = h.Clock.TimersArmed(NextLook);
        h.Clock.Advance(StopTimeout);
        await Eventually.TrueAsync(() => h.Clock.TimersArmed(NextLook) > looks, "SIGKILL sent and the group looked at again soon");
        h.Clock.Advance(NextLook);
        await h.Loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(pgid, Signal.Term), (pgid, Signal.Kill)], h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(pgid));
    }

    [Fact(Timeout = 30_000)]
    public async Task Leftover_groups_are_saved_and_a_successor_stops_them_with_the_scripts_stop_signal()
    {
        await using var h = await CoreHarness.StartAsync(Scripts.Replace("""
              deaf:
                command: trap '' TERM; server & exit 0
                stop_timeout: 5s
            """, """
              deaf:
                command: trap '' TERM; server & exit 0
                stop_signal: INT
                stop_timeout: 5s
            """, StringComparison.Ordinal));
        var pgid = (await h.OutcomesAsync(new UpCommand(h.Config(), ["deaf"]))).Single().Pid!.Value;
        await h.AdvanceAsync(StopTimeout);
        Assert.Equal([pgid], new StateStore(h.Paths.StateFile, h.Clock).Load().Document.Scripts.Single(e => e.Name == "deaf").LeftoverGroups);

        // A crashed daemon: the next one finds the group only in state.json.
        await h.CrashCoreAsync();
        await h.StartCoreAsync();

        Assert.Equal([(pgid, Signal.Int)], h.Host.Signals);
        Assert.False(h.Host.IsGroupAlive(pgid));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_exit_is_handled_when_draining_the_runs_output_faults()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              job:
                command: exit 3
            """);
        h.Host.FaultyOutput = true;

        await h.OutcomesAsync(new UpCommand(h.Config(), ["job"]));
        await h.SettleAsync();
        // The exit waits for the output, which is still being read: the run is not over yet.
        Assert.Null((await h.HistoryAsync("job")).Single().EndedAt);

        // The drain faults while the exit waits for it (the clock does not move, so no timeout ends the wait).
        h.Host.FailOutputs();

        ScriptSnapshot? status = null;
        for (var i = 0; i < 500 && status?.Status != ScriptStatus.Failed; i++)
        {
            await Task.Delay(10);
            status = await h.StatusAsync("job");
        }

        Assert.Equal(ScriptStatus.Failed, status!.Status);
        Assert.Equal(3, status.ExitCode);
        Assert.Equal(3, (await h.HistoryAsync("job")).Single().ExitCode);
    }
}
