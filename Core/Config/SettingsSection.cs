using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed class SettingsSection
{
    [YamlPropertyName("log_dir")]
    public YamlElement? LogDir { get; set; }

    [YamlPropertyName("project")]
    public YamlElement? Project { get; set; }

    [YamlPropertyName("log")]
    public LogSection? Log { get; set; }

    [YamlPropertyName("loki")]
    public LokiSection? Loki { get; set; }

    /// <summary>One mapping or a list of them; read by <c>ConfigBuilder.BuildNotify</c>.</summary>
    [YamlPropertyName("notify")]
    public YamlElement? Notify { get; set; }
}
