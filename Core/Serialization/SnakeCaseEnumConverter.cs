using System.Text.Json;
using System.Text.Json.Serialization;

namespace TurtleHarbor.Core.Serialization;

/// <summary>Enums on the wire and on disk are snake_case strings ("on_failure", "running"); attach with [JsonConverter].</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
