using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>No litter in the home: temp files of saves a dead daemon never renamed.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>Every file of ours written through a temp file and a rename.</summary>
    private IEnumerable<string> FilesSavedThroughTemp() =>
        [_state.Path, _paths.HistoryFile, HistoryJournalPath, SessionFile];

    /// <summary>Runs at recovery, under the home's lock: any temp file not of this process is a dead daemon's.</summary>
    private void RemoveTempFileLitter()
    {
        var removed = TempFileLitter.Sweep(FilesSavedThroughTemp(), Environment.ProcessId);
        if (removed > 0)
        {
            _log.TempFilesRemoved(removed);
        }
    }
}
