namespace TurtleHarbor.Core.Errors;

internal sealed class ScriptOperationException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.ScriptOperationFailed, hint, inner);
