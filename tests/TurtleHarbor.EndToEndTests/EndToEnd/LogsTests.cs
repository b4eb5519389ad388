using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.EndToEnd;

public sealed partial class LogsTests
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d \[(stdout|stderr|th)\] ")]
    private static partial Regex LinePrefix();

    [Fact(Timeout = 120_000)]
    public async Task Logs_prints_the_last_N_lines_with_timestamps_and_stream_labels()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              talker:
                command: for i in $(seq 1 300); do echo "out $i"; done; sleep 0.2; echo "err line" >&2; sleep 0.2; echo done
            """);
        await th.OkAsync("up");
        await th.WaitForStatusAsync("talker", "exited");
        await th.WaitForLogAsync("talker", "[stdout] done");

        var logs = await th.OkAsync("logs", "talker", "-n", "4");

        var lines = logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Matches(LinePrefix(), l));
        Assert.EndsWith("[stdout] out 300", lines[0]);
        Assert.EndsWith("[stderr] err line", lines[1]);
        Assert.EndsWith("[stdout] done", lines[2]);
        Assert.EndsWith("[th] exited: exit code 0", lines[3]);
        Assert.Equal(100, (await th.OkAsync("logs", "talker")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact(Timeout = 120_000)]
    public async Task Logs_without_a_name_interleaves_every_script_by_time_behind_its_name()
    {
        // Lines are stamped when the daemon reads them: gaps of a second keep the order whatever a loaded machine or
        // a collection in the daemon delays a read by (0.15 s gaps flaked at a load of 35).
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              first:
                command: echo one; sleep 2; echo three
              second:
                command: sleep 1; echo two
            """);
        await th.OkAsync("up");
        await th.WaitForPsAsync(r => r.All(x => x.Status == "exited"), "both exited");

        var logs = await th.OkAsync("logs");

        var output = logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("[stdout]")).ToList();
        Assert.Equal(3, output.Count);
        Assert.StartsWith("first  | ", output[0]);
        Assert.EndsWith("one", output[0]);
        Assert.StartsWith("second | ", output[1]);
        Assert.EndsWith("two", output[1]);
        Assert.EndsWith("three", output[2]);
    }
}
