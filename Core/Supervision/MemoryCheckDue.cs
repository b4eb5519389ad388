namespace TurtleHarbor.Core.Supervision;

/// <summary>Time to sample the groups of running scripts that have <c>max_memory</c> (every 5 s while one runs).</summary>
internal sealed record MemoryCheckDue : DaemonEvent;
