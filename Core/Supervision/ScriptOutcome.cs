namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// What a command did to one script: <see cref="Outcome"/> says what happened ("started",
/// "already running" when printed); <see cref="Error"/> is set when it failed for this script.
/// <see cref="Changed"/> names the fields (YAML keys) whose change in the file made <c>up</c> or
/// <c>restart</c> start a new definition; null when none did.
/// </summary>
internal sealed record ScriptOutcome(string Name, OutcomeKind Outcome, int? Pid, string? Error, string? Note, IReadOnlyList<string>? Changed = null)
{
    public bool Failed => Error is not null;
}
