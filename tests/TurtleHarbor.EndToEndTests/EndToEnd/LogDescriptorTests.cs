namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>How the daemon holds log files (Linux: read from /proc): O_APPEND (its own too), never through a link, only while a run writes.</summary>
public sealed class LogDescriptorTests
{
    private const int OAppend = 0x400; // asm-generic/fcntl.h, 02000 octal

    private static List<(string Target, int Flags)> OpenLogs(int pid) =>
        [.. ProcFs.OpenFds(pid)
            .Select(fd => (Fd: fd, Target: new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? ""))
            .Where(f => f.Target.EndsWith(".log", StringComparison.Ordinal))
            .Select(f => (f.Target, Flags: Convert.ToInt32(File.ReadLines($"/proc/{pid}/fdinfo/{f.Fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal))[6..].Trim(), 8)))];

    [LinuxFact(Timeout = 60_000)]
    public async Task Every_open_log_is_O_APPEND_and_stopping_or_exiting_closes_it()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              one:
                command: while true; do echo one; sleep 0.1; done
              two:
                command: while true; do echo two; sleep 0.1; done
              brief:
                command: echo brief
            """);
        await th.OkAsync("up");
        await th.WaitForLogAsync("one", "[stdout] one");
        await th.WaitForLogAsync("two", "[stdout] two");
        await th.WaitForLogAsync("brief", "[th] exited");
        var daemon = th.DaemonPid()!.Value;

        var open = OpenLogs(daemon);
        Assert.Contains(open, f => f.Target == th.LogOf("one"));
        Assert.Contains(open, f => f.Target == th.LogOf("two"));
        Assert.Contains(open, f => f.Target == Path.Combine(th.LogDir, "daemon.log"));
        Assert.All(open, f => Assert.True((f.Flags & OAppend) != 0, $"{f.Target} is open without O_APPEND"));
        await Eventually.TrueAsync(() => OpenLogs(daemon).All(f => f.Target != th.LogOf("brief")), "the exited script's log closed");

        await th.OkAsync("down", "one");
        await Eventually.TrueAsync(() => OpenLogs(daemon).All(f => f.Target != th.LogOf("one")), "the stopped script's log closed");
        Assert.Contains(OpenLogs(daemon), f => f.Target == th.LogOf("two"));
        await th.OkAsync("down");
        var daemonLog = Path.Combine(th.LogDir, "daemon.log");
        await Eventually.TrueAsync(() => OpenLogs(daemon).All(f => f.Target == daemonLog), "no script log open, only the daemon's");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_symbolic_link_at_the_log_path_is_not_followed_and_the_script_still_runs()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  linked:\n    command: while true; do echo tick; sleep 0.1; done\n");
        var target = Path.Combine(th.Root, "victim");
        Directory.CreateDirectory(Path.GetDirectoryName(th.LogOf("linked"))!);
        File.CreateSymbolicLink(th.LogOf("linked"), target);

        await th.OkAsync("up");
        var daemonLog = Path.Combine(th.LogDir, "daemon.log");
        await Eventually.TrueAsync(
            () => File.Exists(daemonLog) && File.ReadAllText(daemonLog).Contains("is a symbolic link; th does not write a log through one", StringComparison.Ordinal),
            "the refusal in the daemon log");

        Assert.False(File.Exists(target));
        Assert.Equal("running", (await th.PsRowAsync("linked")).Status);
    }
}
