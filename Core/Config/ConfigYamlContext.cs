using SharpYaml;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

// Duplicate keys are reported, with both positions, by YamlOutline before this context runs; FirstWins keeps the
// serializer from stopping at the first one.
[YamlSerializable(typeof(ConfigFileSection))]
[YamlSourceGenerationOptions(
    GenerationMode = YamlSourceGenerationMode.Deserialization,
    DuplicateKeyHandling = YamlDuplicateKeyHandling.FirstWins)]
internal sealed partial class ConfigYamlContext : YamlSerializerContext;
