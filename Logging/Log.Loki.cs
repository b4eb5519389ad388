using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>The Loki shipper's messages (category th.loki, which is never itself shipped to Loki).</summary>
internal static partial class Log
{
    [ZLoggerMessage(40, LogLevel.Information, "loki: shipping to {url}")]
    public static partial void LokiStarted(this ILogger logger, string url);

    [ZLoggerMessage(41, LogLevel.Information, "loki: no longer shipping to {url} ({sent} lines sent, {dropped} dropped)")]
    public static partial void LokiStopped(this ILogger logger, string url, long sent, long dropped);

    [ZLoggerMessage(42, LogLevel.Warning, "loki: {reason}")]
    public static partial void LokiPushFailed(this ILogger logger, string reason);

    [ZLoggerMessage(43, LogLevel.Warning, "loki: {url} did not take the last {count} lines before the shutdown deadline; dropped")]
    public static partial void LokiDroppedAtShutdown(this ILogger logger, string url, long count);
}
