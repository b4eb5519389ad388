using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// CPU and memory of a script's whole process group in <c>ps</c>, checked against /proc read by the
/// test itself, and <c>max_memory</c> restarting a group above it (issue 18, items 1 and 2).
/// </summary>
public sealed partial class ResourceTests
{
    // A child that keeps a core busy and one that holds 100 MiB of touched pages, under a shell leader.
    private const string Load = """
        sh -c 'while :; do :; done' & python3 -c "import time; b=bytearray(100*1024*1024); b[::4096]=b'x'*(len(b)//4096); print('holding', flush=True); time.sleep(600)"
        """;

    [LinuxFact(Timeout = 120_000)]
    public async Task Ps_shows_the_groups_cpu_memory_and_processes_within_ten_percent_of_procs_own_figures()
    {
        await using var th = new ThHome();
        th.WriteConfig($"""
            scripts:
              load:
                command: {Load}
            """);
        await th.OkAsync("up", "load");
        await th.WaitForLogAsync("load", "holding");
        var pgid = (await th.PsRowAsync("load")).Pgid!.Value;
        var clockTicks = await ClockTicksAsync();

        // Memory and members: th's sample, then the test's own reading of /proc.
        var first = await PsJsonAsync(th, "load");
        var members = Processes.GroupMembers(pgid);
        var procRss = members.Sum(Processes.ResidentBytes);
        Assert.Equal(members.Count, first.GetProperty("processes").GetInt32());
        Assert.Equal(3, members.Count);
        AssertWithinTenPercent(procRss, first.GetProperty("rss_bytes").GetInt64(), "rss_bytes");
        Assert.True(procRss > 100L * 1024 * 1024, $"the group holds {procRss} bytes");

        // CPU: th's interval (from the ps above to the next) holds the test's own interval.
        var ticksBefore = GroupCpuTicks(pgid);
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var ticksAfter = GroupCpuTicks(pgid);
        wall.Stop();
        var second = await PsJsonAsync(th, "load");
        var procPercent = (ticksAfter - ticksBefore) * 100.0 / clockTicks / wall.Elapsed.TotalSeconds;
        Assert.True(procPercent > 10, $"the busy child got {procPercent:0.0}% of a core");
        AssertWithinTenPercent(procPercent, second.GetProperty("cpu_percent").GetDouble(), "cpu_percent");

        var table = (await th.OkAsync("ps")).Stdout;
        Assert.Matches(@"NAME\s+STATUS\s+PID\s+CPU%\s+MEM\s+PROCS\s+UPTIME", table);
        Assert.Matches(@"load\s+running\s+\d+\s+\d+\.\d\s+1\d\d\.\dM\s+3\s", table);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task A_script_above_max_memory_for_two_samples_is_restarted_once_per_breach_with_trigger_memory()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              hog:
                command: python3 -c "import time; b=bytearray(100*1024*1024); b[::4096]=b'x'*(len(b)//4096); print('holding', flush=True); time.sleep(600)"
                max_memory: 50MB
                restart_delay: 500ms
            """);
        await th.OkAsync("up", "hog");
        var firstPid = (await th.PsRowAsync("hog")).Pid!.Value;

        // Two samples 5 s apart: the restart comes 10 s after the start at most, plus the stop.
        await th.WaitForLogAsync("hog", "(memory)", TimeSpan.FromSeconds(60));
        var log = File.ReadAllText(th.LogOf("hog"));
        Assert.Single(MemoryLine().Matches(log));
        Assert.Matches(@"\[th\] memory 1\d\d\.\dM above max_memory 50M for 2 samples; restarting", log);
        Assert.Contains("stopping: SIGTERM to process group " + firstPid.ToString(CultureInfo.InvariantCulture), log, StringComparison.Ordinal);
        Assert.False(Processes.IsAlive(firstPid));

        var history = JsonDocument.Parse((await th.OkAsync("history", "hog", "--json")).Stdout).RootElement.EnumerateArray()
            .Select(r => r.GetProperty("trigger").GetString()).ToList();
        Assert.Equal(["up", "memory"], history);
        var row = await PsJsonAsync(th, "hog");
        Assert.Equal("running", row.GetProperty("status").GetString());
        Assert.Equal(1, row.GetProperty("restarts").GetInt32());
        Assert.Equal(1, row.GetProperty("memory_restarts").GetInt32());
    }

    private static async Task<JsonElement> PsJsonAsync(ThHome th, string name)
    {
        var rows = JsonDocument.Parse((await th.OkAsync("ps", "--json")).Stdout).RootElement.EnumerateArray();
        var row = rows.Single(r => r.GetProperty("name").GetString() == name);
        if (row.TryGetProperty("pgid", out var pgid) && pgid.ValueKind == JsonValueKind.Number)
        {
            th.Track(pgid.GetInt32());
        }

        return row.Clone();
    }

    private static long GroupCpuTicks(int pgid) => Processes.GroupMembers(pgid).Sum(pid => ProcFs.CpuTicks(pid) ?? 0);

    private static async Task<long> ClockTicksAsync()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var text = await getconf.StandardOutput.ReadToEndAsync();
        await getconf.WaitForExitAsync();
        return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    private static void AssertWithinTenPercent(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= expected * 0.10, $"{what}: th says {actual}, /proc says {expected}");

    [GeneratedRegex(@"\[th\] memory .* above max_memory")]
    private static partial Regex MemoryLine();
}
