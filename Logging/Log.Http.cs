using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>The <c>--http</c> endpoint's log messages (ids 1600-1619).</summary>
internal static partial class Log
{
    [ZLoggerMessage(1600, LogLevel.Information, "http endpoint listening on http://{address} (GET /health, /health/NAME, /metrics)")]
    public static partial void HttpListening(this ILogger logger, string address);

    [ZLoggerMessage(1601, LogLevel.Warning, "http endpoint on {address} is not loopback: anyone who can reach this machine can read script names, configs and status")]
    public static partial void HttpNotLoopback(this ILogger logger, string address);

    [ZLoggerMessage(1602, LogLevel.Warning, "http endpoint: accept failed: {reason}")]
    public static partial void HttpAcceptFailed(this ILogger logger, string reason);

    [ZLoggerMessage(1603, LogLevel.Error, "daemon not started: {reason}")]
    public static partial void HttpBindFailed(this ILogger logger, string reason);

    [ZLoggerMessage(1604, LogLevel.Error, "http endpoint: an exchange failed: {kind}: {reason}")]
    public static partial void HttpExchangeFailed(this ILogger logger, string kind, string reason);
}
