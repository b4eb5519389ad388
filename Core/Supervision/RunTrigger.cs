using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Why a run started; shown by <c>th history</c> and its <c>--json</c> (snake_case).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RunTrigger>))]
internal enum RunTrigger
{
    Up,

    /// <summary>The restart policy restarted it after its run ended.</summary>
    Restart,

    /// <summary><c>th restart</c>.</summary>
    Manual,
    Cron,

    /// <summary>A cron tick missed while the machine slept, run under <c>missed: run_once</c>.</summary>
    CatchUp,
    Run,
    Reload,
    Recover,

    /// <summary>Restarted because its group stayed above <c>max_memory</c>.</summary>
    Memory,

    /// <summary>Restarted because its healthcheck turned unhealthy under <c>on_unhealthy: restart</c>.</summary>
    Unhealthy,
}
