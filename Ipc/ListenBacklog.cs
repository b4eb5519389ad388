using System.Net.Sockets;

namespace TurtleHarbor.Ipc;

/// <summary>
/// A Unix socket whose listen backlog is full refuses a non-blocking connect with EAGAIN. That
/// means a live daemon too busy to accept yet, never "nobody listens": clients wait, probes keep
/// the socket.
/// </summary>
internal static class ListenBacklog
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a client waits for a place in the backlog before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // .NET reports EAGAIN as WouldBlock; TryAgain is kept in case a runtime maps it the DNS way.
    public static bool IsFull(SocketException ex) =>
        ex.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain;
}
