namespace TurtleHarbor.Core.Errors;

internal sealed class InternalException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.Internal, hint, inner);
