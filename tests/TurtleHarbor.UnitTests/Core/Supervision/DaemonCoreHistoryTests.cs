using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class DaemonCoreHistoryTests
{
    private const string Scripts = """
        scripts:
          web:
            command: exec sleep 60
          bad:
            command: echo never
            context: ./missing
        """;

    [Fact(Timeout = 60_000)]
    public async Task Every_run_and_failed_start_is_in_the_history_and_survives_a_daemon_restart()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);

        // bad's folder exists when the config loads (a missing one is refused there) and is gone when it starts.
        var missing = Path.Combine(h.Root, "missing");
        Directory.CreateDirectory(missing);
        var config = h.Config();
        Directory.Delete(missing);
        await h.SendAsync(new UpCommand(config, []));
        await h.SendAsync(new DownCommand(ConfigSource.Of(config), ["web"]));
        await h.SendAsync(new RunCommand(config, "web"));
        await h.SendAsync(new DownCommand(ConfigSource.Of(config), ["web"]));

        Directory.CreateDirectory(missing);
        await h.RestartCoreAsync();

        Assert.True(File.Exists(h.Paths.HistoryJournal));
        var runs = await h.HistoryAsync();
        // bad was up, so the new daemon started it again (trigger recover), its folder back by then.
        Assert.Equal(4, runs.Length);
        var web = await h.HistoryAsync("web");
        Assert.Equal([RunTrigger.Up, RunTrigger.Run], web.Select(r => r.Trigger));
        Assert.All(web, r => Assert.Equal("TERM", r.Signal));
        Assert.All(web, r => Assert.NotNull(r.EndedAt));
        var bad = await h.HistoryAsync("bad");
        Assert.Equal([RunTrigger.Up, RunTrigger.Recover], bad.Select(r => r.Trigger));
        Assert.Null(bad[0].Pid);
        Assert.Contains("missing", bad[0].Error);
        Assert.NotNull(bad[1].Pid);
    }

    [Fact(Timeout = 60_000)]
    public async Task History_of_an_unknown_script_is_an_error()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        Directory.CreateDirectory(Path.Combine(h.Root, "missing"));

        await Assert.ThrowsAsync<ScriptNotFoundException>(() => h.HistoryAsync("nope"));
    }
}
