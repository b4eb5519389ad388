using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Acknowledged means saved: the flush step writes state.json and appends to history.jsonl, and a reply
/// released while either could not be written carries that failure to the client (exit 74). An
/// unsaved file is tried again every <see cref="SaveRetryInterval"/> until it is written, and the
/// daemon log says when that happened.
/// </summary>
internal sealed partial class DaemonCore
{
    private static readonly TimeSpan SaveRetryInterval = TimeSpan.FromSeconds(1);

    private readonly SaveAttempts _stateSaves = new(SavedFile.State);
    private readonly SaveAttempts _historySaves = new(SavedFile.History);
    private ITimer? _saveRetry;

    /// <summary>Saves the state when it changed (or an earlier save failed); the failure, or null when it is on disk.</summary>
    private async Task<SaveFailure?> SaveStateAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return null;
        }

        _dirty = false;
        var reason = await _state.TrySaveAsync(Snapshot(), cancellationToken);
        // A full disk must not stop supervision: keep the change and try again.
        _dirty = reason is not null;
        return Saved(_stateSaves, reason);
    }

    private SaveFailure? Saved(SaveAttempts attempts, string? reason)
    {
        var failure = attempts.Record(reason, out var logFailure, out var recoveredAfter);
        if (logFailure)
        {
            if (attempts.File == SavedFile.State)
            {
                _log.StateNotSaved(reason!);
            }
            else
            {
                _log.HistoryNotSaved(reason!);
            }
        }

        if (recoveredAfter > 0)
        {
            _log.SavedAgain(attempts.File == SavedFile.State ? "state" : "history", recoveredAfter);
        }

        _saveRetry?.Dispose();
        _saveRetry = _stateSaves.Failing || _historySaves.Failing ? Schedule(SaveRetryInterval, new SaveRetryDue()) : null;
        return failure;
    }

    /// <summary>The failures of one file since its last successful save; logs once per reason, not once per retry.</summary>
    private sealed class SaveAttempts(SavedFile file)
    {
        private string? _lastReason;

        public SavedFile File { get; } = file;

        public int Failures { get; private set; }

        public bool Failing => Failures > 0;

        public SaveFailure? Record(string? reason, out bool logFailure, out int recoveredAfter)
        {
            recoveredAfter = 0;
            logFailure = false;
            if (reason is null)
            {
                recoveredAfter = Failures;
                Failures = 0;
                _lastReason = null;
                return null;
            }

            Failures++;
            logFailure = reason != _lastReason;
            _lastReason = reason;
            return new SaveFailure(File, reason);
        }
    }
}
