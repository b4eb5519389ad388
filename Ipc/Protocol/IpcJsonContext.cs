using System.Text.Json.Serialization;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Ipc.Protocol;

/// <summary>The only way th turns messages into JSON: generated at compile time, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    // A message with a field missing or null where the record says non-null is refused as a whole
    // (the daemon answers it with an error) instead of reaching a handler half-filled.
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Request))]
[JsonSerializable(typeof(Response))]
[JsonSerializable(typeof(IReadOnlyList<ScriptSnapshot>))]
[JsonSerializable(typeof(DaemonStatusResponse))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
internal sealed partial class IpcJsonContext : JsonSerializerContext;
