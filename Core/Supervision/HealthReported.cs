namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A healthcheck's verdict on the run whose main process is <see cref="Pid"/>; ignored when that run
/// is no longer the current one (or its main process is gone). Posted by whatever probes the script.
/// </summary>
internal sealed record HealthReported(ScriptKey Key, int Pid, HealthStatus Health) : DaemonEvent;
