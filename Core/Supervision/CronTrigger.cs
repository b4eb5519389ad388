using Cronos;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// When a cron script's next tick is, decided from the wall clock alone. It never trusts one long
/// timer (a monotonic clock can stand still while a laptop sleeps): the caller wakes at least every
/// <see cref="MaxWait"/> and asks again. Every tick up to the last evaluation is consumed, so a burst
/// of missed ticks runs at most once, and a wall clock stepped backwards never brings a tick back.
/// </summary>
internal sealed class CronTrigger
{
    /// <summary>The longest sleep between two looks at the wall clock.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>A tick seen later than this after its time was missed (the machine slept), not merely late.</summary>
    public static readonly TimeSpan OnTimeGrace = TimeSpan.FromSeconds(30);

    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;
    private readonly MissedTickPolicy _missed;

    /// <summary>Ticks at or before this are spent: run, skipped or held back.</summary>
    private DateTimeOffset _consumedUntil;

    public CronTrigger(CronExpression expression, TimeZoneInfo zone, MissedTickPolicy missed, DateTimeOffset armedAt)
    {
        _expression = expression;
        _zone = zone;
        _missed = missed;
        _consumedUntil = armedAt;
        Next = NextAfter(armedAt);
    }

    /// <summary>The next tick that may run, or null when the expression has none left (e.g. 30 February).</summary>
    public DateTimeOffset? Next { get; private set; }

    /// <summary>Builds a trigger for a spec; false (with a reason) when its cron or timezone is unusable.</summary>
    /// <param name="localZone">The zone of a script without <c>timezone</c> (the daemon's local time).</param>
    public static bool TryCreate(ScriptSpec spec, DateTimeOffset armedAt, TimeZoneInfo localZone, out CronTrigger? trigger, out string? error)
    {
        trigger = null;
        if (spec.Cron is null)
        {
            error = "no cron expression";
            return false;
        }

        if (!CronSchedule.TryParse(spec.Cron, out var expression, out error))
        {
            return false;
        }

        TimeZoneInfo zone;
        if (spec.Timezone is null)
        {
            zone = localZone;
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(spec.Timezone, out zone!))
        {
            error = $"unknown time zone '{spec.Timezone}'";
            return false;
        }

        trigger = new CronTrigger(expression!, zone, spec.Missed, armedAt);
        return true;
    }

    /// <summary>
    /// Looks at the clock: whether a tick is due now, and when to look again. A tick is missed when it
    /// fell while the machine slept: at or before <paramref name="wokeAt"/> when the caller knows since
    /// when the machine has been awake, else when it is noticed more than <see cref="OnTimeGrace"/> late. Missed ticks are spent in one
    /// decision (<see cref="CronAction.CatchUp"/> or <see cref="CronAction.SkipMissed"/>); a tick that
    /// fell after the wake stays due and is decided on its own at the next look, as on time.
    /// </summary>
    /// <param name="wokeAt">Since when the machine has been awake (its latest wake, or when the schedule was armed), or null when unknown.</param>
    public CronDecision Evaluate(DateTimeOffset now, DateTimeOffset? wokeAt = null)
    {
        if (Next is not { } due || due > now)
        {
            return new CronDecision(CronAction.Wait, null, WakeAfter(now));
        }

        var missedUntil = wokeAt is { } woke && woke <= now ? woke : now - OnTimeGrace;
        if (due > missedUntil)
        {
            // Everything up to now is handled by this one decision, however many ticks it spans.
            _consumedUntil = Max(_consumedUntil, now);
            Next = NextAfter(_consumedUntil);
            return new CronDecision(CronAction.Run, due, WakeAfter(now));
        }

        _consumedUntil = Max(_consumedUntil, missedUntil);
        Next = NextAfter(_consumedUntil);
        var action = _missed == MissedTickPolicy.RunOnce ? CronAction.CatchUp : CronAction.SkipMissed;
        return new CronDecision(action, due, WakeAfter(now));
    }

    /// <summary>Spends every tick up to <paramref name="until"/> without running it (backoff after failed starts).</summary>
    public void HoldUntil(DateTimeOffset until)
    {
        _consumedUntil = Max(_consumedUntil, until);
        Next = NextAfter(_consumedUntil);
    }

    /// <summary>When to look again, without deciding anything.</summary>
    public TimeSpan WakeAfter(DateTimeOffset now)
    {
        if (Next is not { } next)
        {
            return MaxWait;
        }

        var wait = next - now;
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait < MaxWait ? wait : MaxWait;
    }

    private DateTimeOffset? NextAfter(DateTimeOffset instant) => _expression.GetNextOccurrence(instant, _zone, inclusive: false);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
