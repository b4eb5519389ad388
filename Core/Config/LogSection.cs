using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed class LogSection
{
    [YamlPropertyName("max_line_length")]
    public YamlElement? MaxLineLength { get; set; }

    [YamlPropertyName("max_file_size")]
    public YamlElement? MaxFileSize { get; set; }

    [YamlPropertyName("max_files")]
    public YamlElement? MaxFiles { get; set; }
}
