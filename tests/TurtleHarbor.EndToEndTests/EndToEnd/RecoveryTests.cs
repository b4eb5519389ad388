namespace TurtleHarbor.Tests.EndToEnd;

public sealed class RecoveryTests
{
    [LinuxFact(Timeout = 120_000)]
    public async Task A_daemon_killed_with_SIGKILL_comes_back_without_orphans_and_with_its_scripts()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              alive:
                command: sleep 1000 & echo child started; wait
              parked:
                command: exec sleep 1000
            """);
        await th.OkAsync("up");
        await th.OkAsync("down", "parked");
        await th.WaitForLogAsync("alive", "child started");
        var before = await th.PsRowAsync("alive");
        var oldGroup = before.Pgid!.Value;
        Assert.Equal(2, Processes.GroupMembers(oldGroup).Count);

        var daemon = th.DaemonPid()!.Value;
        Processes.Kill(daemon);
        await Eventually.TrueAsync(() => !Processes.IsAlive(daemon), "daemon gone");
        Assert.NotEmpty(Processes.GroupMembers(oldGroup));

        await th.OkAsync("daemon");
        var after = await th.WaitForStatusAsync("alive", "running");

        Assert.NotEqual(before.Pid, after.Pid);
        Assert.Empty(Processes.GroupMembers(oldGroup));
        Assert.Equal("stopped", (await th.PsRowAsync("parked")).Status);
        Assert.NotEqual(daemon, th.DaemonPid());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_corrupt_state_file_is_moved_aside_and_the_daemon_starts_empty()
    {
        await using var th = new ThHome();
        Directory.CreateDirectory(th.Home);
        File.WriteAllText(Path.Combine(th.Home, "state.json"), "{ not json");
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");

        await th.OkAsync("daemon");

        Assert.Single(Directory.GetFiles(th.Home, "state.json.corrupt-*"));
        Assert.Equal("stopped", (await th.PsRowAsync("a")).Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Daemon_stop_stops_scripts_and_the_next_daemon_brings_them_back()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");
        await th.OkAsync("up");
        var first = await th.PsRowAsync("a");

        await th.OkAsync("daemon", "stop");

        Assert.False(Processes.IsAlive(first.Pid!.Value));
        Assert.False(File.Exists(Path.Combine(th.Home, "daemon.sock")));
        // ps alone no longer starts a daemon (issue 13 item 11): start it, as a user would.
        await th.OkAsync("daemon");
        var second = await th.WaitForStatusAsync("a", "running");
        Assert.NotEqual(first.Pid, second.Pid);
    }

    [Fact(Timeout = 120_000)]
    public async Task SIGTERM_stops_every_script_saves_state_removes_the_socket_and_exits_0()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n  b:\n    command: exec sleep 1000\n");
        th.Environment["TURTLE_HARBOR_NO_AUTOSTART"] = "1";
        var daemon = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(ThBinary.Path, "daemon --foreground")
        {
            Environment = { ["TURTLE_HARBOR_HOME"] = th.Home },
            RedirectStandardOutput = true,
        })!;
        try
        {
            var socket = Path.Combine(th.Home, "daemon.sock");
            await Eventually.TrueAsync(
                () =>
                {
                    if (File.Exists(socket))
                    {
                        return true;
                    }

                    Assert.False(daemon.HasExited, "daemon exited at start");
                    return false;
                },
                "the daemon's socket");

            await th.OkAsync("up");
            var rows = await th.PsAsync();

            Processes.Terminate(daemon.Id);
            await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, daemon.ExitCode);
            Assert.False(File.Exists(socket));
            Assert.All(rows, r => Assert.False(Processes.IsAlive(r.Pid!.Value)));
            var state = File.ReadAllText(Path.Combine(th.Home, "state.json"));
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(state, "\"desired\": \"up\""));
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill();
            }
        }
    }
}
