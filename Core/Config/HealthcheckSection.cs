using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

/// <summary>A script's <c>healthcheck:</c> mapping as written; <see cref="ConfigBuilder"/> checks it into a <see cref="HealthcheckSpec"/>.</summary>
internal sealed class HealthcheckSection
{
    [YamlPropertyName("command")]
    public YamlElement? Command { get; set; }

    [YamlPropertyName("http")]
    public YamlElement? Http { get; set; }

    [YamlPropertyName("tcp")]
    public YamlElement? Tcp { get; set; }

    [YamlPropertyName("log")]
    public YamlElement? Log { get; set; }

    /// <summary>Compose's form: <c>["CMD", prog, args...]</c>, <c>["CMD-SHELL", "line"]</c>, <c>["NONE"]</c> or a string (CMD-SHELL).</summary>
    [YamlPropertyName("test")]
    public YamlElement? Test { get; set; }

    [YamlPropertyName("interval")]
    public YamlElement? Interval { get; set; }

    [YamlPropertyName("timeout")]
    public YamlElement? Timeout { get; set; }

    [YamlPropertyName("retries")]
    public YamlElement? Retries { get; set; }

    [YamlPropertyName("start_period")]
    public YamlElement? StartPeriod { get; set; }

    [YamlPropertyName("disable")]
    public YamlElement? Disable { get; set; }
}
