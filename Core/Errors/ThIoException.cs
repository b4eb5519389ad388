namespace TurtleHarbor.Core.Errors;

internal sealed class ThIoException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.Io, hint, inner);
