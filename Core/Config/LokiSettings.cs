using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>The <c>settings.loki:</c> section. Present means on, unless <c>enabled: false</c>.</summary>
/// <param name="Url">Base URL; pushes go to <c>{Url}/loki/api/v1/push</c>. Empty only when disabled.</param>
internal sealed record LokiSettings(
    bool Enabled,
    string Url,
    string? TenantId,
    ImmutableSortedDictionary<string, string> Labels,
    int BatchSize,
    TimeSpan FlushInterval,
    LokiAuth? Auth)
{
    public const int DefaultBatchSize = 100;

    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(5);
}
