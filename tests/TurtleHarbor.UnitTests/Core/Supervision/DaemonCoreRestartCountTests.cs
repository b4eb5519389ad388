using System.Text.RegularExpressions;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>min_uptime and the one restart counter behind both RESTARTS and "[th] restart N of M".</summary>
public sealed partial class DaemonCoreRestartCountTests
{
    private static readonly ExitStatus Crash = new(1, null);

    private static string Config(string minUptime) => $"""
        scripts:
          web:
            command: sleep 60
            restart_policy: always
            restart_delay: 0s
            max_restarts: 5
        {minUptime}
        """;

    [Fact(Timeout = 30_000)]
    public async Task A_run_shorter_than_min_uptime_counts_as_a_failure_in_a_row_and_a_longer_one_resets_the_count()
    {
        await using var h = await CoreHarness.StartAsync(Config("    min_uptime: 30s"));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        // Two runs of 20 s: stable by the default 10 s, not by min_uptime 30 s.
        Assert.Equal(1, await CrashAfterAsync(h, TimeSpan.FromSeconds(20)));
        Assert.Equal(2, await CrashAfterAsync(h, TimeSpan.FromSeconds(20)));
        // A run of 40 s outlived min_uptime: its end starts the count again.
        Assert.Equal(1, await CrashAfterAsync(h, TimeSpan.FromSeconds(40)));

        var log = await h.LogContainingAsync("web", "started pid 1004");
        Assert.Equal(["1 of 5", "2 of 5", "1 of 5"], RestartLines(log));
    }

    [Fact(Timeout = 30_000)]
    public async Task Without_min_uptime_a_run_of_ten_seconds_resets_the_count()
    {
        await using var h = await CoreHarness.StartAsync(Config(""));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        Assert.Equal(1, await CrashAfterAsync(h, TimeSpan.FromSeconds(9)));
        Assert.Equal(2, await CrashAfterAsync(h, TimeSpan.FromSeconds(9)));
        Assert.Equal(1, await CrashAfterAsync(h, TimeSpan.FromSeconds(10)));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_RESTARTS_column_counts_what_the_restart_lines_count_up_to_giving_up_and_back_to_zero_on_up()
    {
        await using var h = await CoreHarness.StartAsync(Config("    min_uptime: 1m").Replace("max_restarts: 5", "max_restarts: 2", StringComparison.Ordinal));
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        Assert.Equal(1, await CrashAfterAsync(h, TimeSpan.FromSeconds(1)));
        Assert.Equal(2, await CrashAfterAsync(h, TimeSpan.FromSeconds(1)));
        Assert.Equal(2, await CrashAfterAsync(h, TimeSpan.FromSeconds(1)));

        var status = await h.StatusAsync("web");
        Assert.Equal(ScriptStatus.Failed, status.Status);
        var log = await h.LogContainingAsync("web", "gave up after 2 restarts in a row");
        Assert.Equal(["1 of 2", "2 of 2"], RestartLines(log));

        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        Assert.Equal(0, (await h.StatusAsync("web")).Restarts);
    }

    /// <summary>Lets the current run live <paramref name="uptime"/>, crashes it, and returns the RESTARTS column after the policy acted.</summary>
    private static async Task<int> CrashAfterAsync(CoreHarness h, TimeSpan uptime)
    {
        var before = await h.StatusAsync("web");
        await h.AdvanceAsync(uptime);
        h.Host.Exit(before.Pid!.Value, Crash);
        await h.SettleAsync();
        return (await h.StatusAsync("web")).Restarts;
    }

    private static List<string> RestartLines(string log) =>
        [.. RestartLine().Matches(log).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\(restart (\d+ of \d+)\)")]
    private static partial Regex RestartLine();
}
