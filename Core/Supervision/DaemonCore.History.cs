using System.Collections.Immutable;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>The run history: loaded at recovery, saved in the flush step, asked for by <c>th history</c>.</summary>
internal sealed partial class DaemonCore
{
    private HistoryStore HistoryFile => _historyStore ??= new HistoryStore(_paths.HistoryFile, _time);

    private void LoadHistory()
    {
        var loaded = HistoryFile.Load();
        if (loaded.MovedAsideTo is { } aside)
        {
            _log.HistoryMovedAside(loaded.Reason ?? "unknown", aside);
        }

        _history.Load(loaded.Document);
    }

    private async Task<SaveFailure?> SaveHistoryAsync(CancellationToken cancellationToken)
    {
        if (!_history.Dirty)
        {
            return null;
        }

        var reason = await HistoryFile.TrySaveAsync(_history.TakeDocument(), cancellationToken);
        if (reason is not null)
        {
            // Like the state: supervision goes on, the retry tries again.
            _history.MarkDirty();
        }

        return Saved(_historySaves, reason);
    }

    private ImmutableArray<RunRecord> History(HistoryQueryCommand command)
    {
        var runs = _history.Query(command.Config.Path, command.Name);
        if (command.Name is { } name && runs.IsEmpty)
        {
            // A script removed from the config still shows its past runs; an unknown name is an error.
            var config = _configs.TryGetValue(command.Config.Path, out var known) ? known : command.Config.Config;
            FindSpec(config, name);
        }

        return runs;
    }
}
