using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed partial class ScriptSection
{
    /// <summary>A list of script names, or a mapping name -> { condition, required, restart } (compose's two forms).</summary>
    [YamlPropertyName("depends_on")]
    public YamlElement? DependsOn { get; set; }
}
