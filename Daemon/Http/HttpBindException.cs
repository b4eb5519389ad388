using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Daemon.Http;

/// <summary>
/// The <c>--http</c> address cannot be bound (port in use, address not on this machine): the service the
/// user asked for is unavailable, so the daemon does not start (exit 69, EX_UNAVAILABLE; never 1, which
/// a detached start reads as a lost lock race).
/// </summary>
internal sealed class HttpBindException(string message, string hint, Exception inner)
    : ThException(message, ExitCode.DaemonUnreachable, hint, inner);
