using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed class LokiSection
{
    [YamlPropertyName("enabled")]
    public YamlElement? Enabled { get; set; }

    [YamlPropertyName("url")]
    public YamlElement? Url { get; set; }

    [YamlPropertyName("tenant_id")]
    public YamlElement? TenantId { get; set; }

    [YamlPropertyName("labels")]
    public Dictionary<string, YamlElement?>? Labels { get; set; }

    [YamlPropertyName("batch_size")]
    public YamlElement? BatchSize { get; set; }

    [YamlPropertyName("flush_interval")]
    public YamlElement? FlushInterval { get; set; }

    [YamlPropertyName("flush_interval_secs")]
    public YamlElement? FlushIntervalSecs { get; set; }

    [YamlPropertyName("auth")]
    public LokiAuthSection? Auth { get; set; }
}
