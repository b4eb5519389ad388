using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>No request waits behind another's grace period.</summary>
public sealed class ConcurrencyReliabilityTests
{
    [Fact(Timeout = 120_000)]
    public async Task Ps_and_up_answer_quickly_while_a_down_waits_out_a_stop_timeout()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              slow:
                command: trap '' TERM; echo ready; while :; do sleep 1; done
                stop_timeout: 6s
              other:
                command: exec sleep 1000
            """);
        await th.OkAsync("up", "slow");
        await th.WaitForLogAsync("slow", "ready");

        var down = th.RunAsync("down", "slow");
        await th.WaitForLogAsync("slow", "stopping:");
        var watch = Stopwatch.StartNew();
        await th.OkAsync("ps");
        await th.OkAsync("up", "other");
        var quick = watch.Elapsed;
        var result = await down;

        Assert.Equal(0, result.ExitCode);
        Assert.True(quick < TimeSpan.FromSeconds(3), $"ps + up took {quick} during a slow down");
        Assert.Equal("running", (await th.PsRowAsync("other")).Status);
    }
}
