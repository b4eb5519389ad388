namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// What a command did to one script: <see cref="Outcome"/> says what happened ("started",
/// "already running" when printed); <see cref="Error"/> is set when it failed for this script.
/// </summary>
internal sealed record ScriptOutcome(string Name, OutcomeKind Outcome, int? Pid, string? Error, string? Note)
{
    public bool Failed => Error is not null;
}
