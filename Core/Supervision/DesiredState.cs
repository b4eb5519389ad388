using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>What the user asked for last; survives daemon restarts.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DesiredState>))]
internal enum DesiredState
{
    Down,
    Up,
}
