namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Wakes the loop to try an unsaved state or history again. It needs no handler: every batch of
/// events ends in the flush step, which saves whatever is still dirty.
/// </summary>
internal sealed record SaveRetryDue : DaemonEvent;
