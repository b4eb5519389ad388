using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>The daemon's own files: saves that recovered, foreign state files, skipped state entries (same argument rules as Log.Daemon.cs).</summary>
internal static partial class Log
{
    [ZLoggerMessage(90, LogLevel.Information, "{file} saved again after {failures} failed attempts")]
    public static partial void SavedAgain(this ILogger logger, string file, int failures);

    [ZLoggerMessage(91, LogLevel.Warning, "state file is not th's ({found}); moved to {path}; starting with no scripts")]
    public static partial void StateForeignMovedAside(this ILogger logger, string found, string path);

    [ZLoggerMessage(93, LogLevel.Warning, "state file is {found}; the old file kept as {path}")]
    public static partial void StateImported(this ILogger logger, string found, string path);

    [ZLoggerMessage(92, LogLevel.Warning, "state entry skipped: {reason}")]
    public static partial void StateEntrySkipped(this ILogger logger, string reason);

    [ZLoggerMessage(200, LogLevel.Information, "removed {count} temp files left by earlier daemons")]
    public static partial void TempFilesRemoved(this ILogger logger, int count);

    [ZLoggerMessage(201, LogLevel.Warning, "history journal: {count} unreadable lines ignored (the last one torn by a crash?)")]
    public static partial void HistoryLinesIgnored(this ILogger logger, int count);

    [ZLoggerMessage(202, LogLevel.Information, "history imported from {from} ({runs} runs); the old file kept as {aside}")]
    public static partial void HistoryImported(this ILogger logger, string from, int runs, string aside);

    [ZLoggerMessage(203, LogLevel.Error, "history journal not compacted: {reason}")]
    public static partial void HistoryNotCompacted(this ILogger logger, string reason);
}
