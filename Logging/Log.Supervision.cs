using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>The core loop's messages (same argument rules as Log.Daemon.cs: no objects, no TimeSpan).</summary>
internal static partial class Log
{
    [ZLoggerMessage(20, LogLevel.Information, "script {name} pid {pid} exited: {status}")]
    public static partial void ScriptRunEnded(this ILogger logger, string name, int pid, string status);

    [ZLoggerMessage(21, LogLevel.Warning, "script {name} failed {count} times in a row; not restarting")]
    public static partial void ScriptGaveUp(this ILogger logger, string name, int count);

    [ZLoggerMessage(22, LogLevel.Error, "event {eventName} failed")]
    public static partial void EventFailed(this ILogger logger, string eventName, Exception exception);

    [ZLoggerMessage(23, LogLevel.Error, "command {command} failed")]
    public static partial void CommandFailed(this ILogger logger, string command, Exception exception);

    [ZLoggerMessage(24, LogLevel.Error, "state not saved: {reason}")]
    public static partial void StateNotSaved(this ILogger logger, string reason);

    [ZLoggerMessage(25, LogLevel.Error, "state file unreadable ({reason}); moved to {path}; starting with no scripts")]
    public static partial void StateMovedAside(this ILogger logger, string reason, string path);

    [ZLoggerMessage(26, LogLevel.Error, "config {config} not loaded on start, its scripts stay as they were: {reason}")]
    public static partial void ConfigNotRecovered(this ILogger logger, string config, string reason);

    [ZLoggerMessage(27, LogLevel.Warning, "stopping {count} process groups of a previous daemon that no script of a loaded config owns")]
    public static partial void StoppingUnownedLeftovers(this ILogger logger, int count);

    [ZLoggerMessage(110, LogLevel.Error, "script {name}: reading its output failed; its exit is still handled")]
    public static partial void OutputPumpFailed(this ILogger logger, string name, Exception exception);

    [ZLoggerMessage(28, LogLevel.Information, "daemon stopped after {uptimeSecs}s")]
    public static partial void DaemonStopped(this ILogger logger, double uptimeSecs);
}
