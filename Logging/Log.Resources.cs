using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>The core loop's messages about resource limits (same argument rules as Log.Daemon.cs).</summary>
internal static partial class Log
{
    [ZLoggerMessage(180, LogLevel.Warning, "script {name} group holds {rssBytes} bytes, above max_memory {limitBytes}; restarting it")]
    public static partial void ScriptOverMemory(this ILogger logger, string name, long rssBytes, long limitBytes);

    [ZLoggerMessage(181, LogLevel.Warning, "could not sample the process groups' CPU and memory ({reason}); shown as unknown")]
    public static partial void ResourceSampleFailed(this ILogger logger, string reason);
}
