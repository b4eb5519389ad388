namespace TurtleHarbor.Core.Errors;

internal sealed class ConfigNotFoundException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.ConfigNotFound, hint, inner);
