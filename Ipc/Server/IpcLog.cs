using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Ipc.Server;

/// <summary>What the IPC server says in the daemon log. Arguments are strings and numbers only.</summary>
internal static partial class IpcLog
{
    [ZLoggerMessage(LogLevel.Information, "listening on {socketPath}")]
    public static partial void Listening(this ILogger logger, string socketPath);

    [ZLoggerMessage(LogLevel.Information, "removed stale socket {socketPath}")]
    public static partial void RemovedStaleSocket(this ILogger logger, string socketPath);

    [ZLoggerMessage(LogLevel.Warning, "refused a connection from uid {peerUid} (only uid {ownUid} may connect; -1 means unknown)")]
    public static partial void PeerRefused(this ILogger logger, int peerUid, int ownUid);

    [ZLoggerMessage(LogLevel.Warning, "closing a connection after a malformed frame: {reason}")]
    public static partial void MalformedFrame(this ILogger logger, string reason);

    [ZLoggerMessage(LogLevel.Warning, "answered an unreadable request with an error: {reason}")]
    public static partial void UnreadableRequest(this ILogger logger, string reason);

    [ZLoggerMessage(LogLevel.Debug, "closing a connection idle for {idleSeconds} s")]
    public static partial void IdleTimeout(this ILogger logger, double idleSeconds);

    [ZLoggerMessage(LogLevel.Error, "request {requestType} failed")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string requestType);

    [ZLoggerMessage(LogLevel.Error, "handler for {requestType} returned without answering")]
    public static partial void NoAnswer(this ILogger logger, string requestType);

    [ZLoggerMessage(LogLevel.Warning, "accept failed: {reason}")]
    public static partial void AcceptFailed(this ILogger logger, string reason);

    // ZLogger 2.6.1 generates empty switch blocks (CS1522) for a message without placeholders: keep one.
    [ZLoggerMessage(LogLevel.Error, "a connection on {socketPath} failed")]
    public static partial void ConnectionFailed(this ILogger logger, Exception exception, string socketPath);
}
