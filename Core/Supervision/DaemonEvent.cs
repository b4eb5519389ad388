using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision.Health;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Everything the daemon's single loop reacts to. Other threads only post these.</summary>
internal abstract record DaemonEvent;

/// <summary>A client's command; the loop completes <see cref="Reply"/> once the command's effect is durable.</summary>
internal sealed record CommandReceived(DaemonCommand Command, TaskCompletionSource<CommandResult> Reply) : DaemonEvent;

/// <summary>
/// A process we spawned exited. The loop maps the pid to the script and the run (instance) it
/// belonged to, so a late exit of an earlier run is ignored.
/// </summary>
internal sealed record ProcessExited(int Pid, ExitStatus Status, bool OutputDrained = false) : DaemonEvent;

/// <summary>A backoff wait ended; <see cref="Generation"/> must still match, or a later start/stop superseded it.</summary>
internal sealed record RestartDue(ScriptKey Key, long Generation, RunTrigger Trigger = RunTrigger.Restart) : DaemonEvent;

/// <summary>
/// stop_timeout passed for one run or leftover group: since the stop signal (time for SIGKILL), or
/// since its leader exited on its own (the exit is recorded and the group kept as a leftover).
/// </summary>
internal sealed record StopDeadline(ScriptKey Key, long Instance) : DaemonEvent;

/// <summary>The leader is gone but members of its group may still be dying: look again.</summary>
internal sealed record GroupCheck(ScriptKey Key, long Instance) : DaemonEvent;

/// <summary>Time to look at a cron script's schedule; <see cref="Generation"/> must match its arming, or a re-arm superseded it.</summary>
internal sealed record CronTick(ScriptKey Key, long Generation) : DaemonEvent;

/// <summary>The cron timer fired: take the due looks from the <see cref="CronWakeQueue"/>.</summary>
internal sealed record CronWakeDue : DaemonEvent;

/// <summary>Stop every script and leave the loop; <see cref="Force"/> kills the groups at once.</summary>
internal sealed record ShutdownRequested(bool Force) : DaemonEvent;

/// <summary>
/// A run's whole group is gone. Dispatched at once by the event that ended the run (an exit, a
/// group check, stop_timeout after the leader's own exit), so what follows it (the restart policy for
/// a run that ended on its own, then the script's <see cref="ManagedScript.AfterStop"/> once no group
/// is left) happens in that same event; never posted from another thread.
/// </summary>
internal sealed record RunEnded(ManagedScript Script, ScriptRun Run) : DaemonEvent;

/// <summary>A healthcheck's event for run <see cref="Instance"/> of a script; stale (ignored) once that run is not the script's current one.</summary>
internal abstract record HealthEvent(ScriptKey Key, long Instance) : DaemonEvent;

/// <summary>Time for the next check of the run's healthcheck.</summary>
internal sealed record HealthCheckDue(ScriptKey Key, long Instance) : HealthEvent(Key, Instance);

/// <summary>Check number <see cref="Check"/> of the run's healthcheck ended (-1: a <c>log:</c> line matched, whenever).</summary>
internal sealed record HealthCheckDone(ScriptKey Key, long Instance, long Check, ProbeOutcome Outcome) : HealthEvent(Key, Instance);

/// <summary>A command probe outlived the healthcheck's timeout: SIGKILL to its group, and the check failed.</summary>
internal sealed record HealthCheckTimedOut(ScriptKey Key, long Instance, long Check) : HealthEvent(Key, Instance);
