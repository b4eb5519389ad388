using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>The STATUS column of <c>th ps</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ScriptStatus>))]
internal enum ScriptStatus
{
    Running,
    Stopped,
    Exited,
    Failed,
    Restarting,
    Waiting,
}
