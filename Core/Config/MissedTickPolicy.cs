namespace TurtleHarbor.Core.Config;

/// <summary>What to do with cron ticks missed while the machine slept.</summary>
internal enum MissedTickPolicy
{
    /// <summary><c>run_once</c>, the default: one catch-up run, however many ticks were missed.</summary>
    RunOnce,

    /// <summary><c>skip</c>: wait for the next tick.</summary>
    Skip,
}
