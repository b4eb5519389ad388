using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>What a <c>settings.notify</c> entry can be told about (its <c>on:</c> list).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<NotifyEvent>))]
internal enum NotifyEvent
{
    /// <summary>The restart policy gave up (max_restarts reached).</summary>
    Failed,

    /// <summary>A script with <c>restart_policy: never</c> exited non-zero.</summary>
    Exited,

    /// <summary>A cron run exited non-zero.</summary>
    CronFailed,

    /// <summary>The healthcheck turned unhealthy.</summary>
    Unhealthy,

    /// <summary>The group stayed above <c>max_memory</c> and was restarted.</summary>
    Memory,
}
