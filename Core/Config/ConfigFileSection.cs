using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// The shape of scripts.yml for the generated <see cref="ConfigYamlContext"/>. Sections are classes; leaves are
/// <see cref="SharpYaml.Model.YamlElement"/> so that a value of any type is read with its position and judged by
/// <see cref="ConfigBuilder"/>, which can then report every problem instead of the serializer's first.
/// </summary>
internal sealed class ConfigFileSection
{
    public const string ScriptsKey = "scripts";

    [YamlPropertyName("settings")]
    public SettingsSection? Settings { get; set; }

    [YamlPropertyName(ScriptsKey)]
    public Dictionary<string, ScriptSection?>? Scripts { get; set; }
}
