namespace TurtleHarbor.Core.Supervision;

internal enum CronAction
{
    /// <summary>No tick is due yet.</summary>
    Wait,

    /// <summary>A tick is due now.</summary>
    Run,

    /// <summary>Ticks were missed while the machine slept; <c>missed: run_once</c> runs them once now.</summary>
    CatchUp,

    /// <summary>Ticks were missed while the machine slept; <c>missed: skip</c> drops them.</summary>
    SkipMissed,
}
