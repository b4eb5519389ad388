using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>Cron and run-history messages (same argument rules as Log.Daemon.cs: no objects, no TimeSpan).</summary>
internal static partial class Log
{
    [ZLoggerMessage(60, LogLevel.Information, "script {name} armed: cron {cron}, next run {next:O}")]
    public static partial void CronArmed(this ILogger logger, string name, string cron, DateTimeOffset next);

    [ZLoggerMessage(61, LogLevel.Warning, "script {name}: cron tick {tick:O} skipped, still running (pid {pid})")]
    public static partial void CronTickSkipped(this ILogger logger, string name, DateTimeOffset tick, int pid);

    [ZLoggerMessage(62, LogLevel.Warning, "script {name}: {failures} cron starts failed in a row; next try not before {until:O}")]
    public static partial void CronBackingOff(this ILogger logger, string name, int failures, DateTimeOffset until);

    [ZLoggerMessage(63, LogLevel.Error, "script {name} cannot be armed: {reason}")]
    public static partial void CronNotArmed(this ILogger logger, string name, string reason);

    [ZLoggerMessage(64, LogLevel.Information, "script {name}: ticks missed since {since:O} ({policy})")]
    public static partial void CronMissed(this ILogger logger, string name, DateTimeOffset since, string policy);

    [ZLoggerMessage(65, LogLevel.Error, "history not saved: {reason}")]
    public static partial void HistoryNotSaved(this ILogger logger, string reason);

    [ZLoggerMessage(66, LogLevel.Error, "history file unreadable ({reason}); moved to {path}; starting with no history")]
    public static partial void HistoryMovedAside(this ILogger logger, string reason, string path);
}
