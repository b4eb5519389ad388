namespace TurtleHarbor.Core.Errors;

/// <summary>
/// The daemon's connection broke before it answered (exit 69, as any unreachable daemon). The
/// client's retry rule (DaemonConnector) reads <see cref="RequestWritten"/>: a request whose write
/// failed never reached the daemon whole, so the daemon cannot have acted on it.
/// </summary>
/// <param name="requestWritten">The whole request frame was handed to the socket before the connection broke.</param>
internal sealed class ConnectionLostException(string message, bool requestWritten, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.DaemonUnreachable, hint, inner)
{
    public bool RequestWritten { get; } = requestWritten;
}
