using System.Collections.Immutable;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The run history: loaded at recovery (history.json imported once into the journal), appended in
/// the flush step, compacted there when the journal has grown, asked for by <c>th history</c>.
/// </summary>
internal sealed partial class DaemonCore
{
    private HistoryStore HistoryFile => _historyStore ??= new HistoryStore(_paths.HistoryFile, _time);

    private string HistoryJournalPath => _paths.HistoryJournal;

    private HistoryJournal Journal => _historyJournal ??= new HistoryJournal(HistoryJournalPath, _historyCompactionSeam);

    private async Task LoadHistoryAsync(CancellationToken cancellationToken)
    {
        var read = Journal.Read();
        if (read.Unreadable > 0)
        {
            _log.HistoryLinesIgnored(read.Unreadable);
        }

        var rewrite = read.Unreadable > 0;
        string? importedAside = null;
        if (!read.Exists && File.Exists(HistoryFile.Path))
        {
            var loaded = HistoryFile.Load();
            if (loaded.MovedAsideTo is { } aside)
            {
                _log.HistoryMovedAside(loaded.Reason ?? "unknown", aside);
            }
            else
            {
                _history.Load(loaded.Document);
                rewrite = true;
                importedAside = HistoryFile.Path + ".imported";
            }
        }
        else
        {
            _history.Load(read.Lines);
        }

        Journal.Loaded(read, _history.Count);
        if (rewrite)
        {
            // A torn line must not be glued to the next append, and an import is one line a run.
            var compacted = _history.Compacted();
            if (await Journal.TryCompactAsync(compacted, cancellationToken) is { } reason)
            {
                _log.HistoryNotCompacted(reason);
                return;
            }

            _history.TakePending();
            if (importedAside is not null)
            {
                File.Move(HistoryFile.Path, importedAside, overwrite: true);
                _log.HistoryImported(HistoryFile.Path, compacted.Count, importedAside);
            }
        }
        else if (read.Exists && File.Exists(HistoryFile.Path))
        {
            // A crash between the import's journal and this rename: the journal has it all already.
            File.Move(HistoryFile.Path, HistoryFile.Path + ".imported", overwrite: true);
        }
    }

    /// <summary>Appends this batch's run starts and ends to the journal with one fsync; compacts it when it has grown past its bound.</summary>
    private async Task<SaveFailure?> SaveHistoryAsync(CancellationToken cancellationToken)
    {
        if (!_history.Dirty)
        {
            return null;
        }

        var (notAppended, notCompacted) = await HistoryFlush.RunAsync(_history, Journal, cancellationToken);
        if (notCompacted is not null)
        {
            _log.HistoryNotCompacted(notCompacted);
        }

        // Like the state: supervision goes on, and the retry appends the lines again.
        return Saved(_historySaves, notAppended);
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
