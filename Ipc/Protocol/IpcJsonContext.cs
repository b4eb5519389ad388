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
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(UpRequest))]
[JsonSerializable(typeof(DownRequest))]
[JsonSerializable(typeof(RestartRequest))]
[JsonSerializable(typeof(ReloadRequest))]
[JsonSerializable(typeof(StatusRequest))]
[JsonSerializable(typeof(LogsRequest))]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(DaemonStatusRequest))]
[JsonSerializable(typeof(DaemonStopRequest))]
[JsonSerializable(typeof(HistoryRequest))]
[JsonSerializable(typeof(KillRequest))]
[JsonSerializable(typeof(PongResponse))]
[JsonSerializable(typeof(ReceivedResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(OutcomesResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(ReloadResponse))]
[JsonSerializable(typeof(LogsResponse))]
[JsonSerializable(typeof(LogChunkResponse))]
[JsonSerializable(typeof(DaemonStatusResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(IReadOnlyList<ScriptSnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
internal sealed partial class IpcJsonContext : JsonSerializerContext;
