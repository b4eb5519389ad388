using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed class LokiAuthSection
{
    [YamlPropertyName("username")]
    public YamlElement? Username { get; set; }

    [YamlPropertyName("password")]
    public YamlElement? Password { get; set; }
}
