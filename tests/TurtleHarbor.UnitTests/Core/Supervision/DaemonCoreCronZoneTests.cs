using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>Issue 20 item 6: <c>th up</c> says a cron script's next run in the script's <c>timezone</c>, as <c>ps --json</c> does.</summary>
public sealed class DaemonCoreCronZoneTests
{
    [Fact(Timeout = 60_000)]
    public async Task Up_prints_the_next_run_in_the_scripts_time_zone_not_the_daemons()
    {
        // The daemon's zone is UTC (WallClock); 09:00 in Tokyo is 00:00 UTC.
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              job:
                command: exit 0
                cron: "0 9 * * *"
                timezone: Asia/Tokyo
            """);

        var up = (OutcomesResult)await h.SendAsync(new UpCommand(h.Config(), []));

        Assert.Equal("cron 0 9 * * *, next run 2026-03-03 09:00:00 +09:00", up.Outcomes.Single().Note);
        Assert.Equal(TimeSpan.FromHours(9), (await h.StatusAsync("job")).NextRun!.Value.Offset);
    }
}
