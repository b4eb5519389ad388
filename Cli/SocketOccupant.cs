using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli;

/// <summary>What is behind a home's socket path when th looks: nothing, a th daemon, or some other program.</summary>
internal abstract record SocketOccupant;

/// <summary>Nobody listens: no socket file, or a stale one (connection refused).</summary>
internal sealed record NoListener : SocketOccupant;

/// <summary>A th daemon that answered th's ping.</summary>
internal sealed record ThDaemon(PongResponse Pong) : SocketOccupant;

/// <summary>
/// Something accepted the connection but did not answer th's ping (an old turtled, any other
/// program); <see cref="Behaviour"/> says what it did instead, as a phrase after "it".
/// <see cref="Garbled"/>: it answered with bytes that are no th message (a protocol error, exit 76),
/// rather than not answering at all (unreachable, exit 69). <see cref="Pid"/> and <see cref="Program"/>: who listens,
/// when the OS says (peer credentials, /proc or libproc).
/// </summary>
internal sealed record ForeignListener(string Behaviour, bool Garbled = false, int? Pid = null, string? Program = null) : SocketOccupant
{
    /// <summary>turtle-harbor 0.x's daemon, by its program name.</summary>
    public bool IsTurtled => Program == "turtled";
}
