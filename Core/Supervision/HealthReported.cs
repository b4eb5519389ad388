namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A healthcheck's verdict on run <see cref="Instance"/> of a script; ignored when that run is no
/// longer the current one. Posted by whatever probes the script.
/// </summary>
internal sealed record HealthReported(ScriptKey Key, long Instance, HealthStatus Health) : DaemonEvent;
