namespace TurtleHarbor.Core.Errors;

internal sealed class ProtocolException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.Protocol, hint, inner);
