using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed partial class ScriptSection
{
    [YamlPropertyName("max_memory")]
    public YamlElement? MaxMemory { get; set; }
}
