namespace TurtleHarbor.Core.Errors;

/// <summary>
/// The one error family of th. Each sealed subclass stands for one exit code of CONTRACTS.md §3,
/// so the top level maps an error to its exit code by type, never by message.
/// </summary>
internal abstract class ThException(string message, ExitCode exitCode, string? hint = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ExitCode ExitCode { get; } = exitCode;

    /// <summary>One line that tells the user what to do next, or null.</summary>
    public string? Hint { get; } = hint;
}
