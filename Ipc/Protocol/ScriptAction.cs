namespace TurtleHarbor.Ipc.Protocol;

/// <summary>One script's outcome of a command. <see cref="Error"/> is set when the operation failed for it.</summary>
internal sealed record ScriptAction(string Name, string Outcome, int? Pid, string? Error, string? Note);
