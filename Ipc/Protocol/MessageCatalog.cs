using System.Text.Json.Serialization.Metadata;

namespace TurtleHarbor.Ipc.Protocol;

/// <summary>
/// The "type" discriminator of every message (CONTRACTS.md §4) and the generated metadata that reads
/// and writes it. Kept here rather than in [JsonDerivedType] attributes: System.Text.Json builds
/// polymorphism metadata from those attributes by reflection at first use, which cost every th
/// command about 3 ms of its start.
/// </summary>
internal static class MessageCatalog
{
    private static readonly MessageKind[] Requests =
    [
        new("ping", typeof(PingRequest), static c => c.PingRequest),
        new("up", typeof(UpRequest), static c => c.UpRequest),
        new("down", typeof(DownRequest), static c => c.DownRequest),
        new("restart", typeof(RestartRequest), static c => c.RestartRequest),
        new("reload", typeof(ReloadRequest), static c => c.ReloadRequest),
        new("ps", typeof(StatusRequest), static c => c.StatusRequest),
        new("logs", typeof(LogsRequest), static c => c.LogsRequest),
        new("run", typeof(RunRequest), static c => c.RunRequest),
        new("daemon_status", typeof(DaemonStatusRequest), static c => c.DaemonStatusRequest),
        new("daemon_stop", typeof(DaemonStopRequest), static c => c.DaemonStopRequest),
        new("history", typeof(HistoryRequest), static c => c.HistoryRequest),
        new("kill", typeof(KillRequest), static c => c.KillRequest),
    ];

    private static readonly MessageKind[] Responses =
    [
        new("pong", typeof(PongResponse), static c => c.PongResponse),
        new("received", typeof(ReceivedResponse), static c => c.ReceivedResponse),
        new("error", typeof(ErrorResponse), static c => c.ErrorResponse),
        new("outcomes", typeof(OutcomesResponse), static c => c.OutcomesResponse),
        new("status", typeof(StatusResponse), static c => c.StatusResponse),
        new("reload", typeof(ReloadResponse), static c => c.ReloadResponse),
        new("logs", typeof(LogsResponse), static c => c.LogsResponse),
        new("log_chunk", typeof(LogChunkResponse), static c => c.LogChunkResponse),
        new("daemon_status", typeof(DaemonStatusResponse), static c => c.DaemonStatusResponse),
        new("history", typeof(HistoryResponse), static c => c.HistoryResponse),
    ];

    public static IEnumerable<string> RequestTypes => Requests.Select(k => k.Type);

    public static IEnumerable<string> ResponseTypes => Responses.Select(k => k.Type);

    /// <summary>The discriminator and metadata of a request or response about to be written.</summary>
    public static (string Type, JsonTypeInfo Info) Describe(object message)
    {
        var table = message is Request ? Requests : Responses;
        var type = message.GetType();
        foreach (var kind in table)
        {
            if (kind.Clr == type)
            {
                return (kind.Type, kind.Info(IpcJsonContext.Default));
            }
        }

        throw new InvalidOperationException($"{type.Name} is not in the message catalog");
    }

    /// <summary>The metadata for a request's "type", or null when no such request exists.</summary>
    public static JsonTypeInfo? RequestInfo(string type) => Find(Requests, type);

    /// <summary>The metadata for a response's "type", or null when no such response exists.</summary>
    public static JsonTypeInfo? ResponseInfo(string type) => Find(Responses, type);

    private static JsonTypeInfo? Find(MessageKind[] table, string type)
    {
        foreach (var kind in table)
        {
            if (kind.Type == type)
            {
                return kind.Info(IpcJsonContext.Default);
            }
        }

        return null;
    }

    private sealed record MessageKind(string Type, Type Clr, Func<IpcJsonContext, JsonTypeInfo> Info);
}
