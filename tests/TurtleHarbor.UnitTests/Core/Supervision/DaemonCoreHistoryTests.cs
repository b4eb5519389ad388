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
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.SendAsync(new DownCommand(ConfigSource.Read(h.ConfigPath), ["web"]));
        await h.SendAsync(new RunCommand(h.Config(), "web"));
        await h.SendAsync(new DownCommand(ConfigSource.Read(h.ConfigPath), ["web"]));

        await h.RestartCoreAsync();

        Assert.True(File.Exists(h.Paths.HistoryFile));
        var runs = await h.HistoryAsync();
        // bad was up, so the new daemon tried it again (trigger recover).
        Assert.Equal(4, runs.Length);
        var web = await h.HistoryAsync("web");
        Assert.Equal([RunTrigger.Up, RunTrigger.Run], web.Select(r => r.Trigger));
        Assert.All(web, r => Assert.Equal("TERM", r.Signal));
        Assert.All(web, r => Assert.NotNull(r.EndedAt));
        var bad = await h.HistoryAsync("bad");
        Assert.Equal([RunTrigger.Up, RunTrigger.Recover], bad.Select(r => r.Trigger));
        Assert.All(bad, r => Assert.Null(r.Pid));
        Assert.All(bad, r => Assert.Contains("missing", r.Error));
    }

    [Fact(Timeout = 60_000)]
    public async Task History_of_an_unknown_script_is_an_error()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);

        await Assert.ThrowsAsync<ScriptNotFoundException>(() => h.HistoryAsync("nope"));
    }
}
