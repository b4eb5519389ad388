using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.State;

/// <summary>history.jsonl: appends, torn lines, compaction and what a run costs (issue 20 item 2).</summary>
public sealed class HistoryJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("thj-").FullName;

    private string JournalPath => Path.Combine(_dir, "history.jsonl");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_run_is_a_start_line_and_an_end_line_and_the_end_replaces_the_start_on_read()
    {
        var history = new RunHistory();
        var journal = new HistoryJournal(JournalPath);
        var run = new ScriptRun(1, 4242, 4242, null, T0, RunTrigger.Up);

        history.Started(Key("web"), run);
        await HistoryFlush.RunAsync(history, journal, CancellationToken.None);
        history.Ended(run, new ExitStatus(3, null), T0.AddSeconds(2));
        await HistoryFlush.RunAsync(history, journal, CancellationToken.None);

        Assert.Equal(2, File.ReadAllLines(JournalPath).Length);
        var read = new RunHistory();
        read.Load(new HistoryJournal(JournalPath).Read().Lines);
        var only = Assert.Single(read.Query(null, null));
        Assert.Equal(3, only.ExitCode);
        Assert.Equal(4242, only.Pid);
        Assert.False(read.Dirty);
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_next_append_starts_a_line_of_its_own()
    {
        var history = new RunHistory();
        var journal = new HistoryJournal(JournalPath);
        history.FailedToStart(Key("a"), RunTrigger.Up, T0, "one");
        history.FailedToStart(Key("a"), RunTrigger.Up, T0.AddSeconds(1), "two");
        await HistoryFlush.RunAsync(history, journal, CancellationToken.None);
        var whole = File.ReadAllBytes(JournalPath);
        // A crash in the middle of appending the second line.
        File.WriteAllBytes(JournalPath, whole[..^40]);

        var next = new HistoryJournal(JournalPath);
        var read = next.Read();
        Assert.Equal(1, read.Unreadable);
        var loaded = new RunHistory();
        loaded.Load(read.Lines);
        Assert.Equal(["one"], loaded.Query(null, null).Select(r => r.Error));

        loaded.FailedToStart(Key("a"), RunTrigger.Up, T0.AddSeconds(2), "three");
        await HistoryFlush.RunAsync(loaded, next, CancellationToken.None);

        var again = new HistoryJournal(JournalPath).Read();
        Assert.Equal(1, again.Unreadable);
        Assert.Equal(["one", "three"], again.Lines.Select(l => l.Run.Error));
    }

    [Fact]
    public async Task Compaction_keeps_the_last_100_runs_of_each_script_one_line_each()
    {
        var history = new RunHistory();
        var journal = new HistoryJournal(JournalPath);
        var compactions = 0;
        for (var i = 0; i < 1500; i++)
        {
            history.FailedToStart(Key(i % 3 == 0 ? "rare" : "often"), RunTrigger.Restart, T0.AddSeconds(i), $"run {i}");
            var before = journal.Lines;
            await HistoryFlush.RunAsync(history, journal, CancellationToken.None);
            compactions += journal.Lines < before ? 1 : 0;
        }

        Assert.InRange(compactions, 1, 5);
        var read = new HistoryJournal(JournalPath).Read();
        Assert.Equal(0, read.Unreadable);
        var loaded = new RunHistory();
        loaded.Load(read.Lines);
        var often = loaded.Query(null, "often");
        var rare = loaded.Query(null, "rare");
        Assert.Equal(RunHistory.MaxPerScript, often.Length);
        Assert.Equal(RunHistory.MaxPerScript, rare.Length);
        Assert.Equal("run 1499", often[^1].Error);
        Assert.Equal("run 1497", rare[^1].Error);
        var kept = history.Query(null, null);
        var reread = loaded.Query(null, null);
        Assert.Equal(kept.Length, reread.Length);
        Assert.All(Enumerable.Range(0, kept.Length), i => Assert.Equal(kept[i], reread[i]));
    }

    [Fact]
    public async Task A_compaction_killed_before_its_rename_leaves_the_old_journal_whole()
    {
        var history = new RunHistory();
        var seeded = new HistoryJournal(JournalPath);
        for (var i = 0; i < HistoryJournal.MinLinesBeforeCompaction - 1; i++)
        {
            history.FailedToStart(Key("job"), RunTrigger.Restart, T0.AddSeconds(i), $"run {i}");
        }

        await HistoryFlush.RunAsync(history, seeded, CancellationToken.None);
        var before = File.ReadAllBytes(JournalPath);
        var killed = new HistoryJournal(JournalPath, _ => throw new SimulatedKill());
        killed.Loaded(killed.Read(), 0);
        history.FailedToStart(Key("job"), RunTrigger.Restart, T0.AddHours(1), "the last");

        await Assert.ThrowsAsync<SimulatedKill>(() => HistoryFlush.RunAsync(history, killed, CancellationToken.None));

        // The append is in; the compacted copy never replaced the journal, and the next start removes it.
        var temp = Assert.Single(Directory.GetFiles(_dir, "history.jsonl.tmp-*"));
        var read = new HistoryJournal(JournalPath).Read();
        Assert.Equal(0, read.Unreadable);
        Assert.Equal(HistoryJournal.MinLinesBeforeCompaction, read.Lines.Count);
        Assert.Equal(before, File.ReadAllBytes(JournalPath)[..before.Length]);
        var compacted = new HistoryJournal(temp).Read();
        Assert.Equal(0, compacted.Unreadable);
        Assert.Equal(RunHistory.MaxPerScript, compacted.Lines.Count);
    }

    [Fact]
    public async Task A_thousand_run_ends_of_a_crash_looping_script_cost_appends_not_rewrites_of_a_full_history()
    {
        // A full history: 20 scripts with 100 runs each, as a compacted journal.
        var history = new RunHistory();
        for (var script = 0; script < 20; script++)
        {
            for (var i = 0; i < RunHistory.MaxPerScript; i++)
            {
                var old = new ScriptRun((script * 1000) + i, 5000 + i, 5000 + i, null, T0.AddMinutes(i), RunTrigger.Restart);
                history.Started(Key($"s{script}"), old);
                history.Ended(old, new ExitStatus(1, null), T0.AddMinutes(i).AddSeconds(1));
            }
        }

        var journal = new HistoryJournal(JournalPath);
        Assert.Null(await journal.TryCompactAsync(history.Compacted(), CancellationToken.None));
        history.TakePending();
        var fullHistory = new FileInfo(JournalPath).Length;
        var written = journal.BytesWritten;

        // Each run ends in one batch and its restart starts in the next, as the loop does it.
        for (var i = 0; i < 1000; i++)
        {
            var run = new ScriptRun(100_000 + i, 9000 + i, 9000 + i, null, T0.AddDays(1).AddSeconds(i), RunTrigger.Restart);
            history.Started(Key("s0"), run);
            await HistoryFlush.RunAsync(history, journal, CancellationToken.None);
            history.Ended(run, new ExitStatus(1, null), T0.AddDays(1).AddSeconds(i + 0.5));
            await HistoryFlush.RunAsync(history, journal, CancellationToken.None);
        }

        var cost = journal.BytesWritten - written;
        var lineBytes = fullHistory / (20.0 * RunHistory.MaxPerScript);
        // 2,000 appended lines, plus the odd compaction (each at most the full history); a rewrite a run would be 1,000 x the full history.
        Assert.True(cost <= (2000 * lineBytes * 1.5) + (2 * fullHistory), $"{cost} bytes written for 1,000 runs; the full history is {fullHistory} bytes");
        Assert.True(cost < 10 * fullHistory, $"{cost} bytes written; a rewrite per run end would be {1000 * fullHistory}");
        var loaded = new RunHistory();
        loaded.Load(new HistoryJournal(JournalPath).Read().Lines);
        Assert.Equal(20 * RunHistory.MaxPerScript, loaded.Count);
    }

    private static ScriptKey Key(string name) => new("/p/scripts.yml", name);

    private sealed class SimulatedKill : Exception;
}
