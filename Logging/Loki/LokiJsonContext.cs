using System.Text.Json.Serialization;

namespace TurtleHarbor.Logging.Loki;

/// <summary>Loki's push body, generated at compile time (no reflection under Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LokiPushRequest))]
internal sealed partial class LokiJsonContext : JsonSerializerContext;
