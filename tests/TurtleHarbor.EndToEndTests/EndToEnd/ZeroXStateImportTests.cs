using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 16 item 2: a turtle-harbor 0.x state.json carries its desired states over; its pids stay 0.x's.</summary>
public sealed class ZeroXStateImportTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_0x_state_becomes_the_desired_state_without_adopting_a_pid_and_the_old_file_is_kept()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: exec sleep 1000\n  worker:\n    command: exec sleep 1000\n");
        using var oldProcess = Process.Start("sleep", "1000");
        try
        {
            // 0.x's shape (version 3): entries by name, with the config they came from and whether `th down` stopped them.
            var zeroX = $$"""
                {"version": 3, "scripts": [
                  {"name": "web", "command": "exec sleep 1000", "restart_policy": "never", "max_restarts": 5, "status": "Running",
                   "pid": {{oldProcess.Id}}, "exit_code": null, "explicitly_stopped": false, "config_path": "{{th.ConfigPath}}"},
                  {"name": "worker", "command": "exec sleep 1000", "restart_policy": "never", "max_restarts": 5, "status": "Stopped",
                   "pid": null, "exit_code": 0, "explicitly_stopped": true, "config_path": "{{th.ConfigPath}}"}]}
                """;
            Directory.CreateDirectory(th.Home);
            File.WriteAllText(Path.Combine(th.Home, "state.json"), zeroX);

            await th.OkAsync("daemon");
            var web = await th.WaitForStatusAsync("web", "running");

            Assert.Equal("stopped", (await th.PsRowAsync("worker")).Status);
            Assert.NotEqual(oldProcess.Id, web.Pid);
            Assert.False(oldProcess.HasExited);
            var aside = Assert.Single(Directory.GetFiles(th.Home, "state.json.foreign-*"));
            Assert.Equal(zeroX, File.ReadAllText(aside));
            Assert.Contains(
                $"imported 2 scripts as desired state, no pid adopted: web (up), worker (down); the old file kept as {aside}",
                File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")));
        }
        finally
        {
            oldProcess.Kill();
            await oldProcess.WaitForExitAsync();
        }
    }
}
