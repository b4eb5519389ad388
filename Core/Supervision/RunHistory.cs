using System.Collections.Immutable;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The last <see cref="MaxPerScript"/> runs of every script, owned by the core loop. A run is
/// recorded when it starts and completed when it exits; the loop saves the whole history in its
/// flush step whenever <see cref="Dirty"/> is set.
/// </summary>
internal sealed class RunHistory
{
    public const int MaxPerScript = 100;

    private const string Interrupted = "the daemon stopped before this run ended";

    private readonly Dictionary<ScriptKey, List<RunRecord>> _runs = [];

    /// <summary>Records of runs still going, by run instance, so their exit can complete them.</summary>
    private readonly Dictionary<long, (ScriptKey Key, RunRecord Record)> _open = [];

    public bool Dirty { get; private set; }

    /// <summary>Takes over a saved history. Runs a previous daemon never saw end are closed as interrupted.</summary>
    public void Load(HistoryDocument document)
    {
        foreach (var record in document.Runs.OrderBy(r => r.StartedAt))
        {
            var closed = record.EndedAt is null && record.Error is null ? record with { Error = Interrupted } : record;
            Add(new ScriptKey(closed.Config, closed.Name), closed);
            Dirty |= !ReferenceEquals(closed, record);
        }
    }

    public void Started(ScriptKey key, ScriptRun run)
    {
        var record = new RunRecord(key.ConfigPath, key.Name, run.Trigger, run.StartedAt, null, null, run.Pid, null, null, null);
        Add(key, record);
        _open[run.Instance] = (key, record);
    }

    /// <summary>The run's health changed: its record keeps the latest.</summary>
    public void HealthOf(ScriptRun run, HealthStatus health)
    {
        if (_open.TryGetValue(run.Instance, out var open) && _runs.TryGetValue(open.Key, out var list)
            && list.FindLastIndex(r => ReferenceEquals(r, open.Record)) is var index and >= 0)
        {
            var updated = open.Record with { Health = health };
            list[index] = updated;
            _open[run.Instance] = (open.Key, updated);
            Dirty = true;
        }
    }

    public void FailedToStart(ScriptKey key, RunTrigger trigger, DateTimeOffset at, string error) =>
        Add(key, new RunRecord(key.ConfigPath, key.Name, trigger, at, at, 0, null, null, null, error));

    public void Ended(ScriptRun run, ExitStatus exit, DateTimeOffset at)
    {
        if (!_open.Remove(run.Instance, out var open) || !_runs.TryGetValue(open.Key, out var list))
        {
            return;
        }

        var index = list.FindLastIndex(r => ReferenceEquals(r, open.Record));
        if (index < 0)
        {
            return;
        }

        var signal = exit.SignalNumber is { } number
            ? SignalNumbers.FromNumber(number) is { } known ? SignalNames.ToName(known) : number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;
        var ended = open.Record with
        {
            EndedAt = at,
            DurationSecs = Math.Round(Math.Max(0, (at - open.Record.StartedAt).TotalSeconds), 3),
            ExitCode = exit.Code,
            Signal = signal,
            Error = exit.Code is null && signal is null ? "exit status unknown (already reaped)" : null,
        };
        list[index] = ended;
        Dirty = true;
    }

    /// <summary>Runs of one config (every config when null), optionally one script, oldest first.</summary>
    public ImmutableArray<RunRecord> Query(string? configPath, string? name) =>
    [
        .. _runs
            .Where(p => (configPath is null || p.Key.ConfigPath == configPath) && (name is null || p.Key.Name == name))
            .SelectMany(p => p.Value)
            .OrderBy(r => r.StartedAt), // stable: one script's runs keep their order
    ];

    /// <summary>The document to save; clears <see cref="Dirty"/> (set it again with <see cref="MarkDirty"/> if the save fails).</summary>
    public HistoryDocument TakeDocument()
    {
        Dirty = false;
        return new HistoryDocument(HistoryDocument.CurrentVersion, Query(null, null));
    }

    public void MarkDirty() => Dirty = true;

    private void Add(ScriptKey key, RunRecord record)
    {
        if (!_runs.TryGetValue(key, out var list))
        {
            _runs[key] = list = [];
        }

        list.Add(record);
        if (list.Count > MaxPerScript)
        {
            var dropped = list[0];
            list.RemoveAt(0);
            foreach (var stale in _open.Where(o => ReferenceEquals(o.Value.Record, dropped)).Select(o => o.Key).ToList())
            {
                _open.Remove(stale);
            }
        }

        Dirty = true;
    }
}
