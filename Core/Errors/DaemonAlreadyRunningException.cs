namespace TurtleHarbor.Core.Errors;

/// <summary>A second daemon for one home: the command ran and could not do its job, so exit 1.</summary>
internal sealed class DaemonAlreadyRunningException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.ScriptOperationFailed, hint, inner);
