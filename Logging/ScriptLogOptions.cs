namespace TurtleHarbor.Logging;

/// <summary>
/// The <c>settings.log</c> block of scripts.yml (CONTRACTS.md §2) as the script log writer needs it.
/// Kept local so Logging does not depend on the config records; the daemon maps one onto the other.
/// </summary>
/// <param name="MaxLineLength">Bytes of one output line kept; the rest is cut and counted.</param>
/// <param name="MaxFileSize">A line that would push <c>name.log</c> past this size rotates first.</param>
/// <param name="MaxFiles"><c>name.log</c> plus <c>name.log.1</c> .. <c>name.log.(MaxFiles-1)</c>.</param>
internal sealed record ScriptLogOptions(int MaxLineLength = 8192, long MaxFileSize = 10 * 1024 * 1024, int MaxFiles = 5);
