using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>The run history: loaded at recovery, saved in the flush step, asked for by <c>th history</c>.</summary>
internal sealed partial class DaemonCore
{
    private readonly RunHistory _history = new();
    private HistoryStore? _historyStore;

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

    private async Task SaveHistoryAsync(CancellationToken cancellationToken)
    {
        if (!_history.Dirty)
        {
            return;
        }

        try
        {
            await HistoryFile.SaveAsync(_history.TakeDocument(), cancellationToken);
        }
        catch (ThIoException e)
        {
            // Like the state: supervision goes on, the next change tries again.
            _history.MarkDirty();
            _log.HistoryNotSaved(TurtleHarbor.Core.Errors.SystemErrorText.Of(e));
        }
    }

    private ImmutableArray<RunRecord> History(HistoryQueryCommand command)
    {
        var runs = _history.Query(command.ConfigPath, command.Name);
        if (command.Name is { } name && runs.IsEmpty)
        {
            // A script removed from the config still shows its past runs; an unknown name is an error.
            var config = _configs.TryGetValue(command.ConfigPath, out var known) ? known : ConfigLoader.Load(command.ConfigPath);
            FindSpec(config, name);
        }

        return runs;
    }
}
