using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 20: no temp-file litter after a killed save, the history journal, and triggers that tell apart.</summary>
public sealed class HistoryJournalTests
{
    [Fact(Timeout = 120_000)]
    public async Task Temp_files_a_killed_daemon_left_are_removed_at_the_next_start_and_the_log_says_how_many()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: exec sleep 1000\n");
        Directory.CreateDirectory(th.Home);
        // What a daemon killed between its temp write and the rename leaves (pids of daemons long gone).
        string[] litter = ["state.json.tmp-4000001", "history.jsonl.tmp-4000002", "daemon.session.tmp-4000003"];
        foreach (var name in litter)
        {
            File.WriteAllText(Path.Combine(th.Home, name), "{\"half\": ");
        }

        File.WriteAllText(Path.Combine(th.Home, "notes.tmp-4000004"), "not ours");

        await th.OkAsync("daemon");

        Assert.All(litter, name => Assert.False(File.Exists(Path.Combine(th.Home, name)), name));
        Assert.True(File.Exists(Path.Combine(th.Home, "notes.tmp-4000004")));
        Assert.Contains("removed 3 temp files left by earlier daemons", File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")));
    }

    [Fact(Timeout = 120_000)]
    public async Task History_is_a_journal_that_th_history_reads_with_or_without_a_daemon_and_names_each_trigger()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: exec sleep 1000\n  job:\n    command: exit 0\n    cron: \"0 0 1 1 *\"\n");
        await th.OkAsync("daemon");
        await th.OkAsync("up", "web");
        await th.OkAsync("restart", "web");
        await th.OkAsync("run", "job");
        await th.WaitForPsAsync(rows => rows.Single(r => r.Name == "job").Status != "running", "job's run ended");

        var online = await th.OkAsync("history", "--json");
        await th.OkAsync("daemon", "stop");
        var offline = await th.OkAsync("history", "--json");
        var table = await th.OkAsync("history", "web");

        Assert.Equal(["up", "manual", "run"], Triggers(online.Stdout));
        Assert.Equal(Triggers(online.Stdout), Triggers(offline.Stdout));
        Assert.Contains("manual", table.Stdout);
        var journal = File.ReadAllLines(Path.Combine(th.Home, "history.jsonl"));
        // up, restart and run: a line when each started and one when each ended.
        Assert.Equal(6, journal.Length);
        Assert.All(journal, line => Assert.StartsWith("{\"id\":", line));
        Assert.False(File.Exists(Path.Combine(th.Home, "history.json")));
    }

    private static List<string> Triggers(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("trigger").GetString()!)];
}
