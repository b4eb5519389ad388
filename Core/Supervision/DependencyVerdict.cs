namespace TurtleHarbor.Core.Supervision;

/// <summary>What a script's <c>depends_on</c> says about starting it now.</summary>
internal enum DependencyVerdict
{
    /// <summary>Every condition holds: start.</summary>
    Satisfied,

    /// <summary>A dependency is on its way (starting, running a one-shot, restarting): start when it gets there.</summary>
    Waiting,

    /// <summary>A dependency failed (gave up, exited non-zero, unhealthy): start only once it recovers.</summary>
    Blocked,
}
