using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One run of a script as <c>th history</c> shows it and history.jsonl keeps it. A run that could
/// not start has <see cref="Error"/> and no pid; one still going has no <see cref="EndedAt"/>.
/// </summary>
/// <param name="Health">The run's last health, for a script with a healthcheck (absent from JSON otherwise).</param>
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
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HealthStatus? Health = null);
