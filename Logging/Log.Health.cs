using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>Healthcheck messages of the core loop (same argument rules as Log.Daemon.cs).</summary>
internal static partial class Log
{
    [ZLoggerMessage(170, LogLevel.Information, "script {name} health: {health} ({detail})")]
    public static partial void ScriptHealthChanged(this ILogger logger, string name, string health, string detail);

    [ZLoggerMessage(171, LogLevel.Warning, "script {name} is unhealthy; restarting it (on_unhealthy: restart)")]
    public static partial void ScriptRestartingUnhealthy(this ILogger logger, string name);

    [ZLoggerMessage(172, LogLevel.Warning, "script {name}: healthcheck command could not start: {reason}")]
    public static partial void HealthProbeSpawnFailed(this ILogger logger, string name, string reason);
}
