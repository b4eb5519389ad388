namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// What the daemon's notifier did since it started, for <c>th daemon status</c>: each target of each
/// notification counts once, as sent or (after its retries) failed; <paramref name="Dropped"/> counts
/// notifications that found the queue full, <paramref name="RateLimited"/> those held back by the
/// one-per-minute limit for a script and event.
/// </summary>
internal sealed record NotificationCounts(long Sent, long Failed, long Dropped, long RateLimited);
