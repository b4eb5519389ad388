using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc;

/// <summary>
/// The one mapping between the ThException family and <see cref="ErrorResponse"/>: the daemon sends
/// <see cref="From"/>, the client throws <see cref="ToException"/>. The exit code travels, never a type name.
/// </summary>
internal static class ErrorResponses
{
    public static ErrorResponse From(ThException exception) => exception switch
    {
        // Every problem goes over the wire, one per line, so 'th up' shows what 'th validate' would.
        ConfigInvalidException invalid when invalid.Problems.Length > 0 => new ErrorResponse(
            (int)ExitCode.ConfigInvalid,
            string.Join('\n', invalid.Problems.Select(p => p.ToString())),
            invalid.Hint,
            invalid.Problems),
        _ => new ErrorResponse((int)exception.ExitCode, exception.Message, exception.Hint),
    };

    public static ErrorResponse Internal(Exception exception) =>
        new((int)ExitCode.Internal, $"internal error: {Core.Errors.SystemErrorText.Of(exception)}", "see the daemon log for details");

    public static ErrorResponse Protocol(string message, string? hint = null) =>
        new((int)ExitCode.Protocol, message, hint);

    /// <summary>
    /// The exception for an error the daemon reported. A code this client does not know (a newer
    /// daemon) becomes a <see cref="ProtocolException"/> that keeps the daemon's message.
    /// </summary>
    public static ThException ToException(ErrorResponse error) => (ExitCode)error.Code switch
    {
        ExitCode.ScriptOperationFailed => new ScriptOperationException(error.Message, error.Hint),
        ExitCode.Usage => new UsageException(error.Message, error.Hint),
        ExitCode.ScriptNotFound => new ScriptNotFoundException(error.Message, error.Hint),
        ExitCode.ConfigNotFound => new ConfigNotFoundException(error.Message, error.Hint),
        ExitCode.DaemonUnreachable => new DaemonUnreachableException(error.Message, error.Hint),
        ExitCode.Internal => new InternalException(error.Message, error.Hint),
        ExitCode.Io => new ThIoException(error.Message, error.Hint),
        ExitCode.Protocol => new ProtocolException(error.Message, error.Hint),
        ExitCode.ConfigInvalid => new ConfigInvalidException(error.Problems is { } problems ? [.. problems] : []),
        _ => new ProtocolException($"daemon error with unknown code {error.Code}: {error.Message}", error.Hint),
    };
}
