using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed partial class ScriptSection
{
    [YamlPropertyName("tty")]
    public YamlElement? Tty { get; set; }

    [YamlPropertyName("tty_size")]
    public YamlElement? TtySize { get; set; }
}
