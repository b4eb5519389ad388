namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 13 item 11: reading never starts scripts; ps, logs and history answer from the files when no daemon runs.</summary>
public sealed class OfflineReadTests
{
    [Fact(Timeout = 120_000)]
    public async Task After_daemon_stop_ps_logs_and_history_answer_from_the_files_without_starting_a_daemon_or_a_script()
    {
        await using var th = new ThHome();
        var starts = Path.Combine(th.Root, "starts");
        th.WriteConfig($"""
            scripts:
              web:
                command: echo start >> {starts}; echo hello from web; exec sleep 1000
              bad:
                command: echo start >> {starts}; exit 3
              idle:
                command: exec sleep 1000
            """);
        await th.OkAsync("up", "web", "bad");
        await th.WaitForLogAsync("web", "hello from web");
        await th.WaitForStatusAsync("bad", "failed");
        await th.OkAsync("daemon", "stop");
        var startsBefore = File.ReadAllLines(starts).Length;

        var ps = await th.OkAsync("ps");
        var json = await th.OkAsync("ps", "--json");
        var logs = await th.OkAsync("logs", "web");
        var history = await th.OkAsync("history");

        Assert.Contains("the daemon is not running", ps.Stderr);
        var rows = ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "STATUS", "DESIRED", "RESTARTS"], rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["web", "stopped", "up", "0"], rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["bad", "failed", "(3)", "up", "0"], rows[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["idle", "stopped", "down", "0"], rows[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"desired\":\"up\"", json.Stdout);
        Assert.Contains("[stdout] hello from web", logs.Stdout);
        Assert.Contains("exit 3", history.Stdout);
        Assert.Null(th.DaemonPid());
        Assert.False(File.Exists(Path.Combine(th.Home, "daemon.sock")));
        Assert.Equal(startsBefore, File.ReadAllLines(starts).Length);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_changing_command_still_starts_the_daemon()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");

        await th.OkAsync("ps");
        Assert.Null(th.DaemonPid());
        await th.OkAsync("up");

        Assert.NotNull(th.DaemonPid());
        Assert.Equal("running", (await th.PsRowAsync("a")).Status);
    }
}
