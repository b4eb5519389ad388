using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

[JsonConverter(typeof(SnakeCaseEnumConverter<ReloadChangeKind>))]
internal enum ReloadChangeKind
{
    Unchanged,
    Added,
    Removed,
    Changed,
}
