using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.State;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(HistoryDocument))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
