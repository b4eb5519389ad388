namespace TurtleHarbor.Core.Config;

/// <summary>The <c>settings:</c> section.</summary>
/// <param name="LogDir">Absolute, resolved against the config file's directory; null for the platform default.</param>
/// <param name="Loki">Null when the <c>loki:</c> section is absent.</param>
internal sealed record ConfigSettings(string? LogDir, LogSettings Log, LokiSettings? Loki)
{
    public static ConfigSettings Default { get; } = new(null, LogSettings.Default, null);

    /// <summary><c>settings.project</c>: names the folder of the config's logs; null for the default (CONTRACTS.md §5).</summary>
    public string? Project { get; init; }

    /// <summary><c>settings.notify</c>: who hears about failures; empty when none.</summary>
    public System.Collections.Immutable.ImmutableArray<NotifyRule> Notify { get; init; } = [];
}
