using System.Collections.Immutable;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The last <see cref="MaxPerScript"/> runs of every script, owned by the core loop. A run is
/// recorded when it starts and completed when it exits; each change is also queued as a journal
/// line (<see cref="HistoryLine"/>), which the loop appends to history.jsonl in its flush step
/// (<see cref="TakePending"/>): a run's end costs one line, not a rewrite of the whole history.
/// </summary>
internal sealed class RunHistory
{
    public const int MaxPerScript = 100;

    private const string Interrupted = "the daemon stopped before this run ended";

    private readonly Dictionary<ScriptKey, List<HistoryLine>> _runs = [];

    /// <summary>Runs still going, by run instance, so their exit can complete them.</summary>
    private readonly Dictionary<long, (ScriptKey Key, long Id)> _open = [];

    /// <summary>Lines not yet in the journal, oldest first.</summary>
    private List<HistoryLine> _pending = [];

    private long _lastId;

    public bool Dirty => _pending.Count > 0;

    /// <summary>Runs kept, every script together (what a compaction writes, one line each).</summary>
    public int Count => _runs.Values.Sum(l => l.Count);

    /// <summary>Takes over a saved history (history.json's runs, oldest first). Runs a previous daemon never saw end are closed as interrupted.</summary>
    public void Load(HistoryDocument document)
    {
        foreach (var record in document.Runs.OrderBy(r => r.StartedAt))
        {
            Take(new HistoryLine(++_lastId, record));
        }
    }

    /// <summary>
    /// Takes over history.jsonl's lines in file order: a later line of a run replaces the earlier one.
    /// Runs a previous daemon never saw end are closed as interrupted (queued for the journal).
    /// </summary>
    public void Load(IEnumerable<HistoryLine> lines)
    {
        var latest = new Dictionary<long, HistoryLine>();
        foreach (var line in lines)
        {
            latest[line.Id] = line;
        }

        foreach (var line in latest.Values.OrderBy(l => l.Id))
        {
            _lastId = Math.Max(_lastId, line.Id);
            Take(line);
        }
    }

    public void Started(ScriptKey key, ScriptRun run)
    {
        var line = new HistoryLine(++_lastId, new RunRecord(key.ConfigPath, key.Name, run.Trigger, run.StartedAt, null, null, run.Pid, null, null, null));
        Add(key, line);
        _open[run.Instance] = (key, line.Id);
    }

    /// <summary>The run's health changed: its record keeps the latest (one journal line that replaces the run's earlier one).</summary>
    public void HealthOf(ScriptRun run, HealthStatus health)
    {
        if (_open.TryGetValue(run.Instance, out var open) && _runs.TryGetValue(open.Key, out var list)
            && list.FindLastIndex(l => l.Id == open.Id) is var index and >= 0)
        {
            list[index] = list[index] with { Run = list[index].Run with { Health = health } };
            _pending.Add(list[index]);
        }
    }

    public void FailedToStart(ScriptKey key, RunTrigger trigger, DateTimeOffset at, string error) =>
        Add(key, new HistoryLine(++_lastId, new RunRecord(key.ConfigPath, key.Name, trigger, at, at, 0, null, null, null, error)));

    public void Ended(ScriptRun run, ExitStatus exit, DateTimeOffset at)
    {
        if (!_open.Remove(run.Instance, out var open) || !_runs.TryGetValue(open.Key, out var list))
        {
            return;
        }

        var index = list.FindLastIndex(l => l.Id == open.Id);
        if (index < 0)
        {
            return;
        }

        var started = list[index].Run;
        var signal = exit.SignalNumber is { } number
            ? SignalNumbers.FromNumber(number) is { } known ? SignalNames.ToName(known) : number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;
        var ended = started with
        {
            EndedAt = at,
            DurationSecs = Math.Round(Math.Max(0, (at - started.StartedAt).TotalSeconds), 3),
            ExitCode = exit.Code,
            Signal = signal,
            Error = exit.Code is null && signal is null ? "exit status unknown (already reaped)" : null,
        };
        list[index] = new HistoryLine(open.Id, ended);
        _pending.Add(list[index]);
    }

    /// <summary>Runs of one config (every config when null), optionally one script, oldest first.</summary>
    public ImmutableArray<RunRecord> Query(string? configPath, string? name) =>
    [
        .. _runs
            .Where(p => (configPath is null || p.Key.ConfigPath == configPath) && (name is null || p.Key.Name == name))
            .SelectMany(p => p.Value)
            .OrderBy(l => l.Run.StartedAt)
            .ThenBy(l => l.Id)
            .Select(l => l.Run),
    ];

    /// <summary>The lines to append, oldest first; cleared here (give them back with <see cref="Requeue"/> if the append fails).</summary>
    public IReadOnlyList<HistoryLine> TakePending()
    {
        var pending = _pending;
        _pending = [];
        return pending;
    }

    /// <summary>Puts lines whose append failed back in front of those queued since.</summary>
    public void Requeue(IReadOnlyList<HistoryLine> lines)
    {
        _pending.InsertRange(0, lines);
    }

    /// <summary>Every kept run as it stands, one line each, in the order they started: what a compacted journal holds.</summary>
    public IReadOnlyList<HistoryLine> Compacted() => [.. _runs.Values.SelectMany(l => l).OrderBy(l => l.Id)];

    /// <summary>The history as history.json held it (for tests and tools that want one document).</summary>
    public HistoryDocument TakeDocument() => new(HistoryDocument.CurrentVersion, Query(null, null));

    private void Take(HistoryLine line)
    {
        var record = line.Run;
        var closed = record.EndedAt is null && record.Error is null ? line with { Run = record with { Error = Interrupted } } : line;
        Add(new ScriptKey(record.Config, record.Name), closed, queue: !ReferenceEquals(closed, line));
    }

    private void Add(ScriptKey key, HistoryLine line, bool queue = true)
    {
        if (!_runs.TryGetValue(key, out var list))
        {
            _runs[key] = list = [];
        }

        list.Add(line);
        if (list.Count > MaxPerScript)
        {
            var dropped = list[0];
            list.RemoveAt(0);
            foreach (var stale in _open.Where(o => o.Value.Id == dropped.Id).Select(o => o.Key).ToList())
            {
                _open.Remove(stale);
            }
        }

        if (queue)
        {
            _pending.Add(line);
        }
    }
}
