using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Why a run started; shown by <c>th history</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RunTrigger>))]
internal enum RunTrigger
{
    Up,
    Restart,
    Cron,
    Run,
    Reload,
    Recover,
}
