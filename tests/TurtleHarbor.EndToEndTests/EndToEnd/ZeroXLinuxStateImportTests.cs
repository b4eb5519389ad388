namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Issue 16 item 2 on Linux: 0.x kept its state in ~/.local/share/turtle-harbor (or $XDG_DATA_HOME/turtle-harbor), not
/// in this daemon's home; a daemon of the default home with no state of its own imports it from there, once.
/// </summary>
public sealed class ZeroXLinuxStateImportTests
{
    [LinuxFact(Timeout = 90_000)]
    public Task The_0x_state_under_HOME_is_imported_by_a_daemon_without_state() => ImportAsync(xdgDataHome: null);

    [LinuxFact(Timeout = 90_000)]
    public Task The_0x_state_under_XDG_DATA_HOME_is_imported_by_a_daemon_without_state() => ImportAsync(xdgDataHome: "data");

    private static async Task ImportAsync(string? xdgDataHome)
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: exec sleep 1000\n  worker:\n    command: exec sleep 1000\n");
        // The default home under a private HOME and XDG_STATE_HOME: TURTLE_HARBOR_HOME unset, the socket in that home.
        var userHome = Path.Combine(th.Root, "u");
        th.Environment["TURTLE_HARBOR_HOME"] = "";
        th.Environment["XDG_RUNTIME_DIR"] = "";
        th.Environment["HOME"] = userHome;
        th.Environment["XDG_STATE_HOME"] = Path.Combine(th.Root, "s");
        th.Environment["XDG_DATA_HOME"] = xdgDataHome is null ? "" : Path.Combine(th.Root, xdgDataHome);
        var home = Path.Combine(th.Root, "s", "turtle-harbor");
        var dataDir = xdgDataHome is null ? Path.Combine(userHome, ".local", "share") : Path.Combine(th.Root, xdgDataHome);
        var zeroXDir = Path.Combine(dataDir, "turtle-harbor");
        Directory.CreateDirectory(zeroXDir);
        var zeroX = Path.Combine(zeroXDir, "state.json");
        var content = $$"""
            {"version": 3, "scripts": [
              {"name": "web", "command": "exec sleep 1000", "restart_policy": "never", "max_restarts": 5, "status": "Running",
               "pid": 999999, "exit_code": null, "explicitly_stopped": false, "config_path": "{{th.ConfigPath}}"},
              {"name": "worker", "command": "exec sleep 1000", "restart_policy": "never", "max_restarts": 5, "status": "Stopped",
               "pid": null, "exit_code": 0, "explicitly_stopped": true, "config_path": "{{th.ConfigPath}}"}]}
            """;
        File.WriteAllText(zeroX, content);
        try
        {
            await th.OkAsync("daemon");
            var web = await th.WaitForStatusAsync("web", "running");

            Assert.NotEqual(999999, web.Pid);
            Assert.Equal("stopped", (await th.PsRowAsync("worker")).Status);
            Assert.False(File.Exists(zeroX), "the 0.x file should have been renamed so it is imported once");
            var kept = Assert.Single(Directory.GetFiles(zeroXDir, "state.json.imported-*"));
            Assert.Equal(content, File.ReadAllText(kept));
            var log = File.ReadAllText(Path.Combine(home, "logs", "daemon.log"));
            Assert.Contains($"turtle-harbor 0.x state found at {zeroX}: copied in for import; the original is kept as {kept}", log);
            Assert.Contains("imported 2 scripts as desired state, no pid adopted: web (up), worker (down)", log);
        }
        finally
        {
            await th.RunAsync("daemon", "stop");
        }
    }
}
