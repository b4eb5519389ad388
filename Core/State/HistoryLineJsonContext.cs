using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.State;

/// <summary>history.jsonl lines: one JSON object a line, so never indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(HistoryLine))]
internal sealed partial class HistoryLineJsonContext : JsonSerializerContext;
