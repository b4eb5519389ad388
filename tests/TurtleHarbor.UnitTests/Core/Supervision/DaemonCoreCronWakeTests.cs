using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// Issue 20 item 4: only ticks that fell while the machine slept are missed. The daemon looks at
/// the clock at most every 30 s of monotonic time, so its first look after a wake can come after
/// a tick that fell after the wake: that tick is on time.
/// </summary>
public sealed class DaemonCoreCronWakeTests
{
    private static readonly DateTimeOffset Eleven = new(2026, 3, 2, 11, 0, 0, TimeSpan.Zero);

    private static string Job(string missed) => $"""
        scripts:
          job:
            command: exit 0
            cron: "0 * * * *"
            timezone: UTC
            missed: {missed}
        """;

    [Theory(Timeout = 60_000)]
    [InlineData("skip")]
    [InlineData("run_once")]
    public async Task A_wake_5_s_before_a_tick_runs_that_tick_on_time_whatever_missed_says(string missed)
    {
        await using var h = await ArmedAsync(missed);

        // Asleep from 10:00:30 (just after a look) until 10:59:55; the next look is 30 s of awake time later, at 11:00:25.
        h.Clock.StepWall(Eleven.AddSeconds(-5) - h.Clock.GetUtcNow());
        await h.PassAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

        // No tick fell while asleep (10:00 had passed before), so there is nothing to skip or catch up.
        var run = Assert.Single(await h.HistoryAsync());
        Assert.Equal(RunTrigger.Cron, run.Trigger);
        Assert.InRange(run.StartedAt, Eleven, Eleven.AddSeconds(30));
        Assert.Equal(Eleven.AddHours(1), (await h.StatusAsync("job")).NextRun);
        Assert.DoesNotContain("missed", File.ReadAllText(h.LogOf("job")), StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("skip", 0)]
    [InlineData("run_once", 1)]
    public async Task A_wake_5_s_after_a_tick_treats_that_tick_as_missed(string missed, int catchUps)
    {
        var expected = Enumerable.Repeat(RunTrigger.CatchUp, catchUps);
        await using var h = await ArmedAsync(missed);

        h.Clock.StepWall(Eleven.AddSeconds(5) - h.Clock.GetUtcNow());
        await h.PassAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

        Assert.Equal(expected, (await h.HistoryAsync()).Select(r => r.Trigger));
        Assert.Equal(Eleven.AddHours(1), (await h.StatusAsync("job")).NextRun);
        Assert.Contains($"missed: {missed}", File.ReadAllText(h.LogOf("job")), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task After_a_long_sleep_the_missed_ticks_are_caught_up_once_and_a_tick_after_the_wake_is_a_run_of_its_own()
    {
        await using var h = await ArmedAsync("run_once");

        // Asleep over 11:00 and 12:00, awake at 12:59:55; the first look (13:00:25) sees both the missed ticks and 13:00.
        h.Clock.StepWall(Eleven.AddHours(2).AddSeconds(-5) - h.Clock.GetUtcNow());
        await h.PassAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

        var runs = await h.HistoryAsync();
        Assert.True(runs.Select(r => r.Trigger).SequenceEqual([RunTrigger.CatchUp, RunTrigger.Cron]), File.ReadAllText(h.LogOf("job")));
        Assert.Equal(Eleven.AddHours(3), (await h.StatusAsync("job")).NextRun);
    }

    /// <summary>A core with the job armed at 10:00 and looked at once, at 10:00:30.</summary>
    private static async Task<CoreHarness> ArmedAsync(string missed)
    {
        var h = await CoreHarness.StartAsync(Job(missed));
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.PassAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        Assert.Empty(await h.HistoryAsync());
        return h;
    }
}
