using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>The STATUS column of <c>th ps</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ScriptStatus>))]
internal enum ScriptStatus
{
    Running,

    /// <summary>The stop signal went to the group and members are still alive (until SIGKILL and after).</summary>
    Stopping,
    Stopped,
    Exited,
    Failed,
    Restarting,
    Waiting,

    /// <summary>A <c>depends_on</c> dependency failed (or is unhealthy); the script starts when it recovers.</summary>
    Blocked,
}
