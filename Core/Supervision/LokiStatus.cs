namespace TurtleHarbor.Core.Supervision;

/// <summary>One Loki target in <c>th daemon status</c>: a distinct <c>settings.loki</c> and the configs that use it.</summary>
/// <param name="Enabled">False for a <c>loki:</c> section with <c>enabled: false</c> (listed so the user sees it is off).</param>
/// <param name="LinesDropped">Queue overflow, batches Loki refused, and lines left at a shutdown deadline.</param>
internal sealed record LokiStatus(
    bool Enabled,
    string Url,
    long LinesSent,
    long LinesDropped,
    long LinesQueued,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    IReadOnlyList<string> Configs);
