namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A script's place in the cron schedule, owned by the core loop. It lives as long as the script, so
/// its <see cref="Generation"/> keeps rising across disarm and re-arm and an older queued look (see
/// <see cref="CronWakeQueue"/>) is always recognised as stale: one script never has two live looks.
/// </summary>
internal sealed class CronArming
{
    public CronTrigger? Trigger { get; private set; }

    public long Generation { get; private set; }

    /// <summary>The latest tick that ran or was spent; a re-arm never starts before it, so a tick never runs twice.</summary>
    public DateTimeOffset? LastTick { get; set; }

    /// <summary>Starts that failed in a row (spawn errors); the schedule backs off but goes on.</summary>
    public int ConsecutiveStartFailures { get; set; }

    /// <summary>Wall clock and monotonic timestamp of the last look at the schedule, to tell a sleep from time passing.</summary>
    private (DateTimeOffset Wall, long Timestamp)? _lastLook;

    private DateTimeOffset? _awakeSince;

    /// <summary>
    /// A wall clock that moved further than the monotonic clock (which stands still while the machine
    /// sleeps) by more than this since the last look means the machine slept, or the clock was stepped.
    /// </summary>
    public static readonly TimeSpan SleepTolerance = TimeSpan.FromSeconds(2);

    public bool IsArmed => Trigger is not null;

    public DateTimeOffset? NextRun => Trigger?.Next;

    /// <summary>
    /// Records a look at the clock and returns since when the machine has been awake: the earliest
    /// instant it can have woken from its last sleep seen here (last look + time asleep), or the
    /// first look when no sleep was seen. A tick after it is on time, however late it is noticed.
    /// </summary>
    /// <param name="timestamp">A monotonic timestamp (TimeProvider.GetTimestamp) in ticks of <paramref name="frequency"/> a second.</param>
    public DateTimeOffset Look(DateTimeOffset now, long timestamp, long frequency)
    {
        var last = _lastLook;
        _lastLook = (now, timestamp);
        if (last is { } previous)
        {
            var awake = TimeSpan.FromSeconds((timestamp - previous.Timestamp) / (double)frequency);
            var asleep = now - previous.Wall - awake;
            if (asleep > SleepTolerance)
            {
                _awakeSince = previous.Wall + asleep;
            }
        }

        return _awakeSince ??= now;
    }

    public void Arm(CronTrigger trigger)
    {
        Disarm();
        Trigger = trigger;
    }

    public void Disarm()
    {
        Trigger = null;
        Generation++;
    }

    /// <summary>A new look replaces the queued one, which is stale from now on.</summary>
    public long NextGeneration() => ++Generation;
}
