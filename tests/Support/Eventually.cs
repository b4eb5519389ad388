namespace TurtleHarbor.Tests.Support;

/// <summary>
/// Polls a condition that an event outside the test will make true; fails with a <see cref="TimeoutException"/>
/// naming <c>what</c> on timeout. The timeout (default 30 s) is a safety net, not a figure under test. A condition
/// may throw to give up early (the process it watches has exited, say); the exception ends the wait as it is.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <param name="every">Pause between looks (default 20 ms); longer when each look starts a process.</param>
    /// <param name="beforeEachRetry">
    /// Run after a look that failed, before the next one: moves a fake clock on so that the timers which should
    /// make the condition true fire.
    /// </param>
    public static Task TrueAsync(
        Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? every = null, Action? beforeEachRetry = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout, every, beforeEachRetry);

    /// <inheritdoc cref="TrueAsync(Func{bool}, string, TimeSpan?, TimeSpan?, Action?)"/>
    public static async Task TrueAsync(
        Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? every = null, Action? beforeEachRetry = null)
    {
        await ValueAsync(condition, done => done, _ => what, timeout, every, beforeEachRetry);
    }

    /// <summary>
    /// Reads a value until <paramref name="done"/> accepts it, and returns that value; on timeout the message is
    /// <paramref name="what"/> of the last value read (what ps or the history said, say).
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        Func<T, string> what,
        TimeSpan? timeout = null,
        TimeSpan? every = null,
        Action? beforeEachRetry = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T value;
        while (!done(value = await read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited for {what(value)}");
            }

            beforeEachRetry?.Invoke();
            await Task.Delay(every ?? DefaultInterval);
        }

        return value;
    }
}
