namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A script's place in the cron schedule, owned by the core loop. It lives as long as the script, so
/// its <see cref="Generation"/> keeps rising across disarm and re-arm and a tick of an older timer is
/// always recognised as stale: one script never has two live timers.
/// </summary>
internal sealed class CronArming
{
    public CronTrigger? Trigger { get; private set; }

    public ITimer? Timer { get; set; }

    public long Generation { get; private set; }

    /// <summary>The latest tick that ran or was spent; a re-arm never starts before it, so a tick never runs twice.</summary>
    public DateTimeOffset? LastTick { get; set; }

    /// <summary>Starts that failed in a row (spawn errors); the schedule backs off but goes on.</summary>
    public int ConsecutiveStartFailures { get; set; }

    public bool IsArmed => Trigger is not null;

    public DateTimeOffset? NextRun => Trigger?.Next;

    public void Arm(CronTrigger trigger)
    {
        Disarm();
        Trigger = trigger;
    }

    public void Disarm()
    {
        Timer?.Dispose();
        Timer = null;
        Trigger = null;
        Generation++;
    }

    /// <summary>Replaces the wake-up timer; the old one is disposed and its tick, if already posted, is stale.</summary>
    public long NextGeneration()
    {
        Timer?.Dispose();
        Timer = null;
        return ++Generation;
    }
}
