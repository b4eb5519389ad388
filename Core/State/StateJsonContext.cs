using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.State;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(StateEntry))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
