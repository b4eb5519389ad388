using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class RunHistoryTests
{
    private static readonly ScriptKey Key = new("/p/scripts.yml", "job");
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_the_last_100_runs_of_a_script_are_kept()
    {
        var history = new RunHistory();
        for (var i = 0; i < 150; i++)
        {
            history.FailedToStart(Key, RunTrigger.Cron, T0.AddMinutes(i), $"failure {i}");
        }

        history.FailedToStart(Key with { Name = "other" }, RunTrigger.Up, T0, "other");

        var runs = history.Query(Key.ConfigPath, "job");
        Assert.Equal(RunHistory.MaxPerScript, runs.Length);
        Assert.Equal("failure 50", runs[0].Error);
        Assert.Equal("failure 149", runs[^1].Error);
        Assert.Equal(101, history.Query(Key.ConfigPath, null).Length);
    }

    [Fact]
    public void A_run_is_recorded_at_start_and_completed_at_its_exit()
    {
        var history = new RunHistory();
        var run = new ScriptRun(7, 1234, 1234, null, T0, RunTrigger.Run);

        history.Started(Key, run);
        var open = Assert.Single(history.Query(null, null));
        history.Ended(run, new ExitStatus(null, SignalNumbers.ToNumber(Signal.Term)), T0.AddSeconds(2.5));

        Assert.Null(open.EndedAt);
        var ended = Assert.Single(history.Query(null, null));
        Assert.Equal(RunTrigger.Run, ended.Trigger);
        Assert.Equal(1234, ended.Pid);
        Assert.Equal(2.5, ended.DurationSecs);
        Assert.Null(ended.ExitCode);
        Assert.Equal("TERM", ended.Signal);
    }

    [Fact]
    public void Runs_a_previous_daemon_never_saw_end_are_closed_as_interrupted_on_load()
    {
        var history = new RunHistory();
        var open = new RunRecord(Key.ConfigPath, Key.Name, RunTrigger.Cron, T0, null, null, 99, null, null, null);

        history.Load(new HistoryDocument(HistoryDocument.CurrentVersion, [open]));

        Assert.Contains("daemon stopped", Assert.Single(history.Query(null, null)).Error);
        Assert.True(history.Dirty);
    }
}
