using System.Net.Sockets;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Ipc;

/// <summary>
/// A Unix socket whose listen backlog is full refuses a connect: EAGAIN on Linux, ECONNREFUSED on
/// macOS (see <see cref="ErrnoMeaning.OfConnect"/>). That means a live daemon too busy to accept yet,
/// never "nobody listens": clients wait, probes keep the socket.
/// </summary>
internal static class ListenBacklog
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a client waits for a place in the backlog before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether <paramref name="ex"/> from a connect means a full backlog. <paramref name="daemonHoldsLock"/>
    /// settles a macOS ECONNREFUSED, which a socket without a listener gives too; it is not asked on Linux.
    /// </summary>
    public static bool IsFull(SocketException ex, Func<bool> daemonHoldsLock) =>
        Classify(ex, daemonHoldsLock) == ConnectFailure.BacklogFull;

    /// <summary>
    /// .NET on Unix gives NativeErrorCode as the host errno of the mapped <see cref="SocketError"/>: EAGAIN
    /// and ECONNREFUSED come back as themselves (ErrnoMeaningTests checks a real refusal), ENOENT does not.
    /// </summary>
    public static ConnectFailure Classify(SocketException ex, Func<bool> daemonHoldsLock) =>
        ErrnoMeaning.OfConnect(ex.NativeErrorCode, ErrnoTable.Host, daemonHoldsLock);

    /// <summary>For a caller that knows no daemon lock is held by anyone else (the daemon itself, or a bare socket).</summary>
    public static bool NoDaemonLock() => false;
}
