namespace TurtleHarbor.Tests.EndToEnd;

public sealed class LogsFollowTests
{
    [Fact(Timeout = 180_000)]
    public async Task Follow_streams_new_lines_in_order_across_a_restart_and_a_rotation()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            settings:
              log:
                max_file_size: 4KB
                max_files: 50
            scripts:
              hello:
                command: echo hello
              counter:
                command: n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs; for i in $(seq 1 200); do echo "run $n line $i"; done; exit 3
                restart_policy: on-failure
                max_restarts: 1
                restart_delay: 100ms
            """);
        await th.OkAsync("up", "hello");
        await th.WaitForLogAsync("hello", "[stdout] hello");
        await using var follower = new ThFollower(th, "-n", "10");
        // The tail arrives after the follower is attached: from here on every line is streamed.
        await follower.WaitForAsync(lines => lines.Any(l => l.EndsWith("[stdout] hello")), "the tail");

        await th.OkAsync("up", "counter");
        await follower.WaitForAsync(lines => lines.Any(l => l.EndsWith("run 2 line 200")), "the second run's last line");

        var expected = Enumerable.Range(1, 2).SelectMany(run => Enumerable.Range(1, 200).Select(i => $"run {run} line {i}")).ToList();
        var streamed = follower.Lines.Where(l => l.StartsWith("counter") && l.Contains("[stdout] run ")).Select(l => l[(l.IndexOf("[stdout] ") + 9)..]).ToList();
        Assert.Equal(expected, streamed);
        Assert.Contains(follower.Lines, l => l.StartsWith("counter") && l.Contains("[th] restarting in"));
        Assert.True(File.Exists(th.LogOf("counter") + ".1"), "the log rotated while following");
        Assert.Equal(0, await follower.InterruptAsync());
    }

    [Fact(Timeout = 180_000)]
    public async Task A_stalled_follower_does_not_slow_a_fast_script()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              flood:
                command: sleep 0.5; seq 1 300000; echo finished
            """);
        await th.OkAsync("up");

        // Connected and asking to follow, but never reading a byte of the answer.
        using var stalled = await RawClient.ConnectAsync(Path.Combine(th.Home, "daemon.sock"));
        await stalled.SendRawAsync(RawClient.Frame($$"""{"type":"logs","config_path":"{{th.ConfigPath}}","name":"flood","lines":10,"follow":true}"""));

        await th.WaitForStatusAsync("flood", "exited", TimeSpan.FromSeconds(120));
        await th.WaitForLogAsync("flood", "[stdout] finished");
        // 300,000 lines pass the 10 MB rotation size once: count across both files.
        var lines = File.ReadAllLines(th.LogOf("flood") + ".1").Concat(File.ReadAllLines(th.LogOf("flood"))).ToList();
        Assert.Contains(lines, l => l.EndsWith("[stdout] 300000"));
        Assert.Equal(300000, lines.Count(l => l.Contains("[stdout] ") && char.IsDigit(l[^1])));
        await th.OkAsync("daemon", "status");
    }

    [LinuxFact(Timeout = 180_000)]
    public async Task A_huge_line_without_newline_is_cut_and_leaves_the_daemons_memory_flat()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              warmup:
                command: echo warm
              huge:
                command: head -c 200000000 /dev/zero | tr '\0' x; echo; echo end
            """);
        await th.OkAsync("up", "warmup");
        await th.WaitForLogAsync("warmup", "[stdout] warm");
        var daemon = th.DaemonPid()!.Value;
        var before = Processes.ResidentBytes(daemon);

        await th.OkAsync("up", "huge");
        await th.WaitForStatusAsync("huge", "exited", TimeSpan.FromSeconds(120));
        await th.WaitForLogAsync("huge", "[stdout] end");
        var after = Processes.ResidentBytes(daemon);

        Assert.True(after - before < 100L * 1024 * 1024, $"daemon RSS grew from {before >> 20} MiB to {after >> 20} MiB");
        // One cut line, or (on a loaded machine, the unfinished line waiting over 1 s) a few parts written as
        // they stood (CONTRACTS.md §6): either way every byte is kept or counted as cut.
        var parts = File.ReadLines(th.LogOf("huge"))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\[stdout\] (x+)(?: …\[truncated (\d+) bytes\])?$"))
            .Where(m => m.Success)
            .ToList();
        Assert.Contains(parts, m => m.Groups[2].Success);
        Assert.Equal(200_000_000L, parts.Sum(m => m.Groups[1].Length + (m.Groups[2].Success ? long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)));
    }
}
