namespace TurtleHarbor.Core.Supervision;

/// <summary>One spawn of a burst (<see cref="IProcessHost.SpawnAll"/>): the child, or why it did not start.</summary>
internal sealed record SpawnAttempt(HostedProcess? Process, Exception? Error);
