namespace TurtleHarbor.Core.Errors;

internal sealed class DaemonUnreachableException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.DaemonUnreachable, hint, inner);
