using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>
/// The daemon's log messages. Arguments are strings, numbers, bools, enums and DateTimeOffset only:
/// anything else makes ZLogger fall back to reflection JSON, which fails under Native AOT. That includes
/// TimeSpan (ZLogger 2.6.1's generator emits JsonSerializer.Serialize for it), so durations are seconds.
/// </summary>
internal static partial class Log
{
    [ZLoggerMessage(1, LogLevel.Information, "daemon started: pid {pid}, version {version}, home {home}, socket {socket}")]
    public static partial void DaemonStarted(this ILogger logger, int pid, string version, string home, string socket);

    [ZLoggerMessage(2, LogLevel.Information, "daemon stopping: {reason}; {runningScripts} scripts running")]
    public static partial void DaemonStopping(this ILogger logger, string reason, int runningScripts);

    [ZLoggerMessage(3, LogLevel.Information, "script {name} started: pid {pid} ({config}, trigger {trigger})")]
    public static partial void ScriptStarted(this ILogger logger, string name, string config, int pid, string trigger);

    [ZLoggerMessage(4, LogLevel.Information, "script {name} exited: code {exitCode} after {uptimeSecs}s ({config})")]
    public static partial void ScriptExited(this ILogger logger, string name, string config, int exitCode, double uptimeSecs);

    [ZLoggerMessage(9, LogLevel.Information, "script {name} killed by signal {signal} after {uptimeSecs}s ({config})")]
    public static partial void ScriptKilledBySignal(this ILogger logger, string name, string config, string signal, double uptimeSecs);

    [ZLoggerMessage(5, LogLevel.Warning, "script {name} restarting in {delaySecs}s (restart {restarts} of {maxRestarts}) ({config})")]
    public static partial void ScriptRestarting(this ILogger logger, string name, string config, double delaySecs, int restarts, int maxRestarts);

    [ZLoggerMessage(6, LogLevel.Error, "script {name} failed to start: {reason} ({config})")]
    public static partial void ScriptSpawnFailed(this ILogger logger, string name, string config, string reason);

    [ZLoggerMessage(7, LogLevel.Warning, "client connection error: {reason}")]
    public static partial void ClientConnectionError(this ILogger logger, string reason, Exception? exception);

    [ZLoggerMessage(8, LogLevel.Error, "script {name}: cannot write its log {path}: {reason}")]
    public static partial void ScriptLogWriteFailed(this ILogger logger, string name, string path, string reason);
}
