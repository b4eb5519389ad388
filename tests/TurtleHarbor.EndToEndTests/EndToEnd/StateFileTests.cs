namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 13 items 4 and 5: acknowledged means saved; a state file of another program does not stop the daemon.</summary>
public sealed class StateFileTests
{
    /// <summary>The Rust turtle-harbor 0.x state.json: version 3, scripts by name without config paths.</summary>
    private const string RustState = """
        {"version": 3, "scripts": [{"name": "web", "command": "python3 -m http.server", "restart_policy": "always",
          "max_restarts": 5, "status": "Running", "last_started": "2025-01-01T10:00:00+01:00", "last_stopped": null,
          "exit_code": null, "explicitly_stopped": false, "cron": null}],
         "state_file": "/Users/x/Library/Application Support/turtle-harbor/state.json"}
        """;

    [Fact(Timeout = 60_000)]
    public async Task A_foreign_state_file_is_moved_aside_and_the_daemon_starts()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: exec sleep 1000\n");
        Directory.CreateDirectory(th.Home);
        var state = Path.Combine(th.Home, "state.json");
        File.WriteAllText(state, RustState);

        var start = await th.OkAsync("daemon");

        Assert.StartsWith("daemon started", start.Stdout);
        var aside = Assert.Single(Directory.GetFiles(th.Home, "state.json.foreign-*"));
        Assert.Equal(RustState, File.ReadAllText(aside));
        Assert.Contains(
            $"state file is not th's (a JSON object with version 3 and 1 scripts entries without config paths); moved to {aside}",
            File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")));
        await th.OkAsync("up");
        Assert.Equal("running", (await th.PsRowAsync("web")).Status);
    }

    [LinuxRootFact(Timeout = 180_000)]
    public async Task With_the_home_full_a_change_exits_74_says_what_it_means_and_the_daemon_saves_it_once_space_returns()
    {
        await using var th = new ThHome();
        Directory.CreateDirectory(th.Home);
        await HostCommand.RunAsync("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", th.Home);
        var state = Path.Combine(th.Home, "state.json");
        var filler = Path.Combine(th.Home, "filler");
        try
        {
            th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n  web:\n    command: exec sleep 1000\n");
            await th.OkAsync("up", "a");
            await HostCommand.RunAsync("sh", "-c", $"dd if=/dev/zero of='{filler}' bs=4k 2>/dev/null; true");

            var up = await th.RunAsync("up", "web");

            Assert.Equal(74, up.ExitCode);
            Assert.Contains("web  started", up.Stdout);
            Assert.Contains(
                "th: web started, but the state could not be saved: No space left on device; it will not come back after a daemon restart until a save succeeds",
                up.Stderr);
            Assert.Equal(["up", "down"], StateJson.Desired(File.ReadAllText(state)));

            File.Delete(filler);
            await Eventually.TrueAsync(() => StateJson.Desired(File.ReadAllText(state)).SequenceEqual(["up", "up"]), "the retried save");
            // The daemon log is written behind the save: wait for the line rather than race it.
            await Eventually.TrueAsync(
                () => File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")).Contains("state saved again after", StringComparison.Ordinal),
                "'state saved again after' in daemon.log");
            await th.OkAsync("down", "a");
        }
        finally
        {
            await th.RunAsync("daemon", "stop");
            if (th.DaemonPid() is { } pid && Processes.IsAlive(pid))
            {
                Processes.Kill(pid);
            }

            await HostCommand.RunAsync("umount", "-l", th.Home);
        }
    }
}
