using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>Issue 20: the journal in a real core, history.json imported, temp-file litter removed, triggers named.</summary>
public sealed class DaemonCoreJournalTests
{
    private const string Web = """
        scripts:
          web:
            command: exec sleep 60
        """;

    [Fact(Timeout = 60_000)]
    public async Task An_old_history_json_is_imported_once_into_the_journal_and_kept_as_imported()
    {
        await using var h = CoreHarness.Create(Web);
        Directory.CreateDirectory(h.Paths.Home);
        var old = new RunRecord(h.ConfigPath, "web", RunTrigger.Up, CoreHarness.Start.AddHours(-2), CoreHarness.Start.AddHours(-1), 3600, 77, 0, null, null);
        var open = old with { StartedAt = CoreHarness.Start.AddMinutes(-30), EndedAt = null, DurationSecs = null, ExitCode = null, Pid = 78 };
        await new HistoryStore(h.Paths.HistoryFile, h.Clock).SaveAsync(new HistoryDocument(HistoryDocument.CurrentVersion, [old, open]), CancellationToken.None);

        await h.StartCoreAsync();

        var runs = await h.HistoryAsync("web");
        Assert.Equal([77, 78], runs.Select(r => r.Pid));
        Assert.Equal(0, runs[0].ExitCode);
        Assert.Contains("daemon stopped", runs[1].Error);
        Assert.False(File.Exists(h.Paths.HistoryFile));
        Assert.True(File.Exists(h.Paths.HistoryFile + ".imported"));
        Assert.Equal(2, File.ReadAllLines(h.Paths.HistoryJournal).Length);

        await h.RestartCoreAsync();
        Assert.Equal([77, 78], (await h.HistoryAsync("web")).Select(r => r.Pid));
    }

    [Fact(Timeout = 60_000)]
    public async Task Temp_files_of_dead_daemons_are_removed_at_start_and_nothing_else()
    {
        await using var h = CoreHarness.Create(Web);
        Directory.CreateDirectory(h.Paths.Home);
        string[] litter = ["state.json.tmp-999999", "history.json.tmp-1", "history.jsonl.tmp-4242", "daemon.session.tmp-77"];
        string[] kept = ["state.json.tmp-abc", "state.json.tmp-", "notes.tmp-5", "state.json.tmp-12.bak", $"state.json.tmp-{Environment.ProcessId}"];
        foreach (var name in litter.Concat(kept))
        {
            File.WriteAllText(Path.Combine(h.Paths.Home, name), "{");
        }

        Assert.Equal(4, TempFileLitter.Sweep([h.Paths.StateFile, h.Paths.HistoryFile, h.Paths.HistoryJournal, Path.Combine(h.Paths.Home, "daemon.session")], Environment.ProcessId));
        File.WriteAllText(Path.Combine(h.Paths.Home, litter[0]), "{");
        await h.StartCoreAsync();

        Assert.All(litter, name => Assert.False(File.Exists(Path.Combine(h.Paths.Home, name)), name));
        Assert.All(kept, name => Assert.True(File.Exists(Path.Combine(h.Paths.Home, name)), name));
    }

    [Fact(Timeout = 120_000)]
    public async Task Each_trigger_is_recorded_as_named()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              web:
                command: exec sleep 60
              crash:
                command: exit 1
                restart_policy: always
                max_restarts: 1
              job:
                command: exit 0
                cron: "0 * * * *"
                timezone: UTC
                missed: run_once
            """);
        await h.SendAsync(new UpCommand(h.Config(), []));
        await h.PassAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        await h.SendAsync(new RestartCommand(h.Config(), ["web"]));
        await h.SendAsync(new RunCommand(h.Config(), "job"));
        h.WriteConfig("""
            scripts:
              web:
                command: exec sleep 61
              crash:
                command: exit 1
                restart_policy: always
                max_restarts: 1
              job:
                command: exit 0
                cron: "0 * * * *"
                timezone: UTC
                missed: run_once
            """);
        await h.SendAsync(new ReloadConfigCommand(h.Config(), DryRun: false));
        // On time at 11:00, then asleep over 12:00 and 13:00: one catch-up.
        await h.PassAsync(TimeSpan.FromMinutes(60), TimeSpan.FromSeconds(30));
        h.Clock.StepWall(TimeSpan.FromHours(2));
        await h.PassAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10));
        await h.RestartCoreAsync();

        Assert.Equal([RunTrigger.Up, RunTrigger.Manual, RunTrigger.Reload, RunTrigger.Recover], (await h.HistoryAsync("web")).Select(r => r.Trigger));
        // crash ends failed with its desired state up, so the next daemon starts it again.
        Assert.Equal([RunTrigger.Up, RunTrigger.Restart, RunTrigger.Recover], (await h.HistoryAsync("crash")).Select(r => r.Trigger));
        Assert.Equal([RunTrigger.Run, RunTrigger.Cron, RunTrigger.CatchUp], (await h.HistoryAsync("job")).Select(r => r.Trigger));
    }
}
