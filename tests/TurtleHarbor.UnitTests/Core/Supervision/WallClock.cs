using Microsoft.Extensions.Time.Testing;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// A fake clock whose wall time can move without its timers: <see cref="Advance"/> is time passing
/// (timers fire), <see cref="StepWall"/> is a laptop waking from sleep or NTP stepping the clock,
/// which real monotonic timers do not see either.
/// </summary>
internal sealed class WallClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(start);
    private readonly List<TimeSpan> _scheduled = [];
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        lock (_scheduled)
        {
            _scheduled.Add(dueTime);
        }

        return timer;
    }

    /// <summary>How many timers were created with <paramref name="dueTime"/>: lets a test wait until the loop has armed a deadline before moving time.</summary>
    public int TimersArmed(TimeSpan dueTime)
    {
        lock (_scheduled)
        {
            return _scheduled.Count(d => d == dueTime);
        }
    }

    public void Advance(TimeSpan span) => _fake.Advance(span);

    public void StepWall(TimeSpan span) => Interlocked.Add(ref _offsetTicks, span.Ticks);
}
