namespace TurtleHarbor.Tests.Support;

/// <summary>Polls a condition that an event outside the test will make true; fails with <c>what</c> on timeout.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited for {what}");
            }

            await Task.Delay(20);
        }
    }
}
