namespace TurtleHarbor.Core.Errors;

internal sealed class UsageException(string message, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.Usage, hint, inner);
