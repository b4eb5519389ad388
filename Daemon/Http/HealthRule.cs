using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Daemon.Http;

/// <summary>What <c>/health</c> calls healthy.</summary>
internal static class HealthRule
{
    /// <summary>
    /// A script the user wants down is fine whatever it does; one wanted up must be running (and not judged
    /// unhealthy by its healthcheck) or waiting for its next cron run. Restarting, failed, exited and stopped are not.
    /// </summary>
    public static bool IsHealthy(ScriptSnapshot script) =>
        script.Desired != DesiredState.Up
        || script.Status == ScriptStatus.Waiting
        || (script.Status == ScriptStatus.Running && script.Health != HealthStatus.Unhealthy);

    /// <summary>1 while the script runs or waits for its next cron run, else 0 (the <c>th_script_up</c> gauge).</summary>
    public static bool IsUp(ScriptSnapshot script) => script.Status is ScriptStatus.Running or ScriptStatus.Waiting;
}
