using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>The notifier's messages (settings.notify).</summary>
internal static partial class Log
{
    [ZLoggerMessage(120, LogLevel.Information, "notify: {target} told about {script} {kind}")]
    public static partial void NotificationSent(this ILogger logger, string target, string script, string kind);

    [ZLoggerMessage(121, LogLevel.Warning, "notify: {target} about {script} {kind} failed: {reason}")]
    public static partial void NotificationFailed(this ILogger logger, string target, string script, string kind, string reason);

    [ZLoggerMessage(122, LogLevel.Warning, "notify: the queue is full; dropped the notification of {script} {kind}")]
    public static partial void NotificationDropped(this ILogger logger, string script, string kind);

    [ZLoggerMessage(123, LogLevel.Debug, "notify: {script} {kind} not sent: one per script and event per minute")]
    public static partial void NotificationRateLimited(this ILogger logger, string script, string kind);

    [ZLoggerMessage(124, LogLevel.Debug, "notify: no desktop notifier on this host ({needed}); desktop notifications are skipped")]
    public static partial void DesktopNotifierMissing(this ILogger logger, string needed);
}
