namespace TurtleHarbor.Tests.EndToEnd;

public sealed class DaemonRestartTests
{
    [LinuxFact(Timeout = 120_000)]
    public async Task Daemon_restart_brings_back_every_script_that_was_up_once_and_leaves_stopped_ones_stopped()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              web:
                command: sleep 1000 & echo child started; wait
              worker:
                command: exec sleep 1000
              parked:
                command: exec sleep 1000
            """);
        await th.OkAsync("up");
        await th.OkAsync("down", "parked");
        await th.WaitForLogAsync("web", "child started");
        var before = await th.PsAsync();
        var oldDaemon = th.DaemonPid()!.Value;

        var restart = await th.OkAsync("daemon", "restart");

        var newDaemon = th.DaemonPid()!.Value;
        Assert.NotEqual(oldDaemon, newDaemon);
        Assert.False(Processes.IsAlive(oldDaemon));
        Assert.Contains($"{oldDaemon} -> {newDaemon}", restart.Stdout);
        var after = await th.WaitForPsAsync(
            rows => rows.Count(r => r.Status == "running") == 2, "web and worker running again");
        Assert.Equal("stopped", after.Single(r => r.Name == "parked").Status);
        foreach (var old in before.Where(r => r.Pid is not null))
        {
            Assert.False(Processes.IsAlive(old.Pid!.Value), $"{old.Name}'s old process {old.Pid} survived the restart");
            Assert.Empty(Processes.GroupMembers(old.Pgid!.Value));
        }

        await th.WaitForLogAsync("web", "child started");
        Assert.Equal(2, ChildrenOf(newDaemon).Count);
        var web = after.Single(r => r.Name == "web");
        await Eventually.TrueAsync(() => Processes.GroupMembers(web.Pgid!.Value).Count == 2, "web's shell and its sleep");
    }

    [Fact(Timeout = 60_000)]
    public async Task Daemon_restart_without_a_daemon_starts_one()
    {
        await using var th = new ThHome();

        var result = await th.OkAsync("daemon", "restart");

        Assert.Contains("no daemon was running", result.Stdout);
        Assert.NotNull(th.DaemonPid());
    }

    [Fact(Timeout = 60_000)]
    public async Task The_foreground_daemon_logs_to_stdout_for_its_service_manager()
    {
        await using var th = new ThHome();
        using var daemon = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(ThBinary.Path, "daemon --foreground")
        {
            Environment = { ["TURTLE_HARBOR_HOME"] = th.Home },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var stderr = daemon.StandardError.ReadToEndAsync();
            string? line;
            do
            {
                line = await daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.NotNull(line);
            }
            while (!line.Contains("daemon started", StringComparison.Ordinal));

            Processes.Terminate(daemon.Id);
            await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, daemon.ExitCode);
            Assert.Equal("", await stderr);
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_foreground_daemon_for_a_home_already_served_exits_1_and_names_the_running_one()
    {
        await using var th = new ThHome();
        await th.OkAsync("daemon");
        var pid = th.DaemonPid();

        var second = await th.RunAsync("daemon", "--foreground");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"th: a daemon (pid {pid}) already serves {th.Home}", second.Stderr);
        Assert.Equal(pid, th.DaemonPid());
        Assert.True(Processes.IsAlive(pid!.Value));
    }

    [Fact(Timeout = 60_000)]
    public async Task Service_install_print_shows_a_definition_running_this_th_in_the_foreground_and_changes_nothing()
    {
        await using var th = new ThHome();
        var home = Path.Combine(th.Root, "user");
        Directory.CreateDirectory(home);
        th.Environment["HOME"] = home;
        th.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");

        var result = await th.OkAsync("service", "install", "--print");

        Assert.Contains(OperatingSystem.IsMacOS() ? "<string>--foreground</string>" : "daemon --foreground", result.Stdout);
        Assert.Contains(ThBinary.Path, result.Stdout);
        Assert.Contains(th.Home, result.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(home));
    }

    private static List<int> ChildrenOf(int parent) =>
        [.. ProcFs.Pids().Where(pid => Processes.ParentOf(pid) == parent && Processes.IsAlive(pid))];
}
