using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>One object of <c>th ps --json</c> as CONTRACTS.md §3 defines it.</summary>
public sealed record PsRow(
    string Name,
    string Config,
    string Status,
    int? Pid,
    int? Pgid,
    DateTimeOffset? StartedAt,
    long UptimeSecs,
    int Restarts,
    int? ExitCode,
    DateTimeOffset? NextRun,
    bool GroupAlive = false,
    int ProcessesLeft = 0,
    string? BlockedBy = null)
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
