using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Core.Notifications;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Notifications;

public sealed class NotifyRateLimitTests
{
    private static readonly ScriptKey Web = new("/p/scripts.yml", "web");
    private static readonly ScriptKey Db = new("/p/scripts.yml", "db");

    [Fact]
    public void One_notification_per_script_and_event_per_minute_on_the_given_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var limit = new NotifyRateLimit();

        Assert.True(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
        // Another event of the same script, and the same event of another script, have limits of their own.
        Assert.True(limit.TryPass(Web, NotifyEvent.Exited, time.GetUtcNow()));
        Assert.True(limit.TryPass(Db, NotifyEvent.Failed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
        Assert.False(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
    }

    [Fact]
    public void A_held_back_notification_does_not_extend_the_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var limit = new NotifyRateLimit();

        Assert.True(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(limit.TryPass(Web, NotifyEvent.Failed, time.GetUtcNow()));
    }

    [Fact]
    public void A_forgotten_script_starts_afresh()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var limit = new NotifyRateLimit();
        Assert.True(limit.TryPass(Web, NotifyEvent.Failed, now));

        limit.Forget(Web);

        Assert.True(limit.TryPass(Web, NotifyEvent.Failed, now));
    }
}
