namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One run of a script as <c>th history</c> shows it and history.jsonl keeps it. A run that could
/// not start has <see cref="Error"/> and no pid; one still going has no <see cref="EndedAt"/>.
/// </summary>
/// <param name="Signal">The fatal signal's name (TERM, KILL ...) when a signal ended the run.</param>
internal sealed record RunRecord(
    string Config,
    string Name,
    RunTrigger Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSecs,
    int? Pid,
    int? ExitCode,
    string? Signal,
    string? Error);
