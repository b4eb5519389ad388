using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed partial class ScriptSection
{
    [YamlPropertyName("healthcheck")]
    public HealthcheckSection? Healthcheck { get; set; }

    [YamlPropertyName("on_unhealthy")]
    public YamlElement? OnUnhealthy { get; set; }
}
