namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// What a command did to one script: <see cref="Outcome"/> is a short verb phrase for people
/// ("started", "stopped", "already running"); <see cref="Error"/> is set when it failed for this script.
/// </summary>
internal sealed record ScriptOutcome(string Name, string Outcome, int? Pid, string? Error, string? Note)
{
    public bool Failed => Error is not null;
}
