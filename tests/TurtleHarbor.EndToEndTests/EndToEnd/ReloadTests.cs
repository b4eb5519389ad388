namespace TurtleHarbor.Tests.EndToEnd;

public sealed class ReloadTests
{
    [Fact(Timeout = 120_000)]
    public async Task Reload_starts_added_stops_removed_restarts_changed_and_leaves_unchanged_alone()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              keep:
                command: exec sleep 1000
              change:
                command: exec sleep 1000
                env: { MODE: one }
              remove:
                command: exec sleep 1000
            """);
        await th.OkAsync("up");
        var before = await th.WaitForPsAsync(r => r.All(x => x.Status == "running"), "all running");
        var pid = before.ToDictionary(r => r.Name, r => r.Pid!.Value);

        th.WriteConfig("""
            scripts:
              keep:
                command: exec sleep 1000
              change:
                command: exec sleep 1000
                env: { MODE: two }
              add:
                command: exec sleep 1000
            """);

        var dry = await th.OkAsync("reload", "--dry-run");
        Assert.Contains("dry run", dry.Stdout);
        Assert.Equal(pid["change"], (await th.PsRowAsync("change")).Pid);

        var reload = await th.OkAsync("reload");
        Assert.Matches(@"\+ add\s+started", reload.Stdout);
        Assert.Matches(@"- remove\s+stopped", reload.Stdout);
        Assert.Matches(@"~ change\s+restarted \(changed\) \(env\)", reload.Stdout);
        Assert.Matches(@"keep\s+unchanged", reload.Stdout);

        var after = await th.PsAsync();
        Assert.Equal(["add", "change", "keep"], after.Select(r => r.Name).Order());
        Assert.Equal(pid["keep"], after.Single(r => r.Name == "keep").Pid);
        Assert.NotEqual(pid["change"], after.Single(r => r.Name == "change").Pid);
        Assert.Equal("running", after.Single(r => r.Name == "add").Status);
        Assert.False(Processes.IsAlive(pid["remove"]));
        Assert.False(Processes.IsAlive(pid["change"]));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_broken_config_on_reload_leaves_running_scripts_alone()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              steady:
                command: exec sleep 1000
            """);
        await th.OkAsync("up");
        var pid = (await th.WaitForStatusAsync("steady", "running")).Pid;

        th.WriteConfig("""
            scripts:
              steady:
                command: exec sleep 1000
                restart_polcy: always
            """);
        var reload = await th.RunAsync("reload");

        Assert.Equal(78, reload.ExitCode);
        Assert.Contains("scripts.yml:4:", reload.Stderr);
        Assert.Equal(pid, (await th.PsRowAsync("steady")).Pid);
    }
}
