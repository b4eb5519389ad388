namespace TurtleHarbor.Core.Errors;

internal sealed class ScriptNotFoundException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.ScriptNotFound, hint, inner);
