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
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _fake.CreateTimer(callback, state, dueTime, period);

    public void Advance(TimeSpan span) => _fake.Advance(span);

    public void StepWall(TimeSpan span) => Interlocked.Add(ref _offsetTicks, span.Ticks);
}
