using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class CronTriggerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 7, 0, TimeSpan.Zero);

    [Fact]
    public void Five_fields_tick_in_sequence()
    {
        var trigger = Create("*/15 * * * *", Monday);

        var ticks = RunTicks(trigger, 4);

        Assert.Equal([At(10, 15), At(10, 30), At(10, 45), At(11, 0)], ticks);
    }

    [Fact]
    public void Six_fields_put_seconds_first_and_tick_in_sequence()
    {
        var trigger = Create("*/20 * * * * *", Monday);

        var ticks = RunTicks(trigger, 4);

        Assert.Equal([At(10, 7, 20), At(10, 7, 40), At(10, 8), At(10, 8, 20)], ticks);
    }

    [Fact]
    public void A_timezone_keeps_local_wall_time_across_the_spring_daylight_saving_change()
    {
        // Europe/Berlin moves from +01:00 to +02:00 at 02:00 local on 29 March 2026.
        var trigger = Create("0 9 * * *", new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero), "Europe/Berlin");

        var ticks = RunTicks(trigger, 2);

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), ticks[0]);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), ticks[1]);
    }

    [Fact]
    public void A_tick_in_the_skipped_hour_runs_once_at_the_end_of_the_gap_and_a_repeated_hour_runs_once()
    {
        var spring = Create("30 2 * * *", new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), "Europe/Berlin");
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), RunTicks(spring, 1)[0]);

        // 25 October 2026: 02:00-03:00 local happens twice; Cronos runs a non-interval tick in the first one only.
        var autumn = Create("30 2 * * *", new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero), "Europe/Berlin");
        var ticks = RunTicks(autumn, 2);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), ticks[0]);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), ticks[1]);
    }

    [Fact]
    public void The_wall_clock_is_looked_at_again_within_30_seconds_however_far_the_next_tick_is()
    {
        var trigger = Create("0 0 1 1 *", Monday);

        var decision = trigger.Evaluate(Monday);

        Assert.Equal(CronAction.Wait, decision.Action);
        Assert.Equal(CronTrigger.MaxWait, decision.Wake);
        Assert.Equal(TimeSpan.FromSeconds(5), Create("5 * * * * *", Monday).Evaluate(Monday).Wake);
    }

    [Fact]
    public void Ticks_missed_while_asleep_run_once_with_run_once()
    {
        var trigger = Create("0 * * * *", Monday);

        var woke = Monday.AddHours(5);
        var first = trigger.Evaluate(woke);
        var again = trigger.Evaluate(woke.AddSeconds(1));

        Assert.Equal(CronAction.CatchUp, first.Action);
        Assert.Equal(At(11, 0), first.Tick);
        Assert.Equal(CronAction.Wait, again.Action);
        Assert.Equal(At(16, 0), trigger.Next);
    }

    [Fact]
    public void Ticks_missed_while_asleep_are_dropped_with_skip()
    {
        var trigger = Create("0 * * * *", Monday, missed: MissedTickPolicy.Skip);

        var decision = trigger.Evaluate(Monday.AddHours(5));

        Assert.Equal(CronAction.SkipMissed, decision.Action);
        Assert.Equal(At(16, 0), trigger.Next);
    }

    [Fact]
    public void A_tick_noticed_a_little_late_still_runs_once_however_many_ticks_it_covers()
    {
        var trigger = Create("* * * * * *", Monday);

        var decision = trigger.Evaluate(Monday.AddSeconds(5));

        Assert.Equal(CronAction.Run, decision.Action);
        Assert.Equal(CronAction.Wait, trigger.Evaluate(Monday.AddSeconds(5.5)).Action);
        Assert.Equal(Monday.AddSeconds(6), trigger.Next);
    }

    [Fact]
    public void A_wall_clock_stepped_backwards_never_runs_a_tick_twice()
    {
        var trigger = Create("* * * * *", Monday);
        Assert.Equal(CronAction.Run, trigger.Evaluate(At(10, 8)).Action);

        var afterStepBack = Enumerable.Range(0, 120).Select(s => trigger.Evaluate(At(10, 7, 30).AddSeconds(s)).Action).ToList();

        // 10:08 comes round again at index 30 and is not run; 10:09 (index 90) is, once.
        Assert.Equal(119, afterStepBack.Count(a => a == CronAction.Wait));
        Assert.Equal(CronAction.Run, afterStepBack[90]);
        Assert.Equal(At(10, 10), trigger.Next);
    }

    [Fact]
    public void Holding_spends_the_ticks_before_the_hold_without_running_them()
    {
        var trigger = Create("* * * * * *", Monday);

        trigger.HoldUntil(Monday.AddSeconds(8));

        Assert.Equal(Monday.AddSeconds(9), trigger.Next);
        Assert.Equal(CronAction.Wait, trigger.Evaluate(Monday.AddSeconds(8.5)).Action);
        Assert.Equal(CronAction.Run, trigger.Evaluate(Monday.AddSeconds(9)).Action);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        Assert.False(CronTrigger.TryCreate(Spec("* * * * *", "Mars/Olympus"), Monday, TimeZoneInfo.Utc, out var trigger, out var error));
        Assert.Null(trigger);
        Assert.Contains("Mars/Olympus", error);
    }

    /// <summary>Wakes exactly when each tick is due and collects the ticks that ran.</summary>
    private static List<DateTimeOffset> RunTicks(CronTrigger trigger, int count)
    {
        var ticks = new List<DateTimeOffset>();
        while (ticks.Count < count)
        {
            var decision = trigger.Evaluate(trigger.Next!.Value);
            Assert.Equal(CronAction.Run, decision.Action);
            ticks.Add(decision.Tick!.Value);
        }

        return ticks;
    }

    private static CronTrigger Create(string cron, DateTimeOffset armedAt, string? zone = "UTC", MissedTickPolicy missed = MissedTickPolicy.RunOnce)
    {
        Assert.True(CronTrigger.TryCreate(Spec(cron, zone, missed), armedAt, TimeZoneInfo.Utc, out var trigger, out var error), error);
        return trigger!;
    }

    private static ScriptSpec Spec(string cron, string? zone, MissedTickPolicy missed = MissedTickPolicy.RunOnce) => new(
        "job", "true", RestartPolicy.Never, 5, TimeSpan.FromSeconds(1), cron, zone, missed, "/tmp",
        ImmutableSortedDictionary<string, string>.Empty, null, null, Signal.Term, TimeSpan.FromSeconds(5));

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 3, 2, hour, minute, second, TimeSpan.Zero);
}
