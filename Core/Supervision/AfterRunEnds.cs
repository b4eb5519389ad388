namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// What the loop does once a script it is stopping has no live group left (its run and every
/// leftover group gone), recorded on the script (<see cref="ManagedScript.AfterStop"/>) by the
/// command, start or shutdown that has to wait for it and carried out when the last group is gone.
/// </summary>
internal abstract record AfterRunEnds;

/// <summary><c>down</c>: report the script stopped in slot <see cref="Index"/> of the command's outcomes.</summary>
internal sealed record ReportStopped(PendingOutcomes<ScriptOutcome> Outcomes, int Index) : AfterRunEnds;

/// <summary>
/// <c>restart</c>, or <c>up</c> of a script whose definition changed: start the script again (with
/// the registered definition) and report it in slot <see cref="Index"/>, naming the
/// <see cref="Changed"/> fields (null when none).
/// </summary>
internal sealed record StartAndReportRestarted(PendingOutcomes<ScriptOutcome> Outcomes, int Index, RunTrigger Trigger, IReadOnlyList<string>? Changed) : AfterRunEnds;

/// <summary><c>up</c> while a stop was in progress: start again, if the script is still wanted up by then.</summary>
internal sealed record StartAgainIfWanted(RunTrigger Trigger) : AfterRunEnds;

/// <summary><c>reload</c> changed the spec of a running script: take <see cref="Spec"/>, start again if up, report <see cref="Change"/>.</summary>
internal sealed record ApplyReloadedSpec(Config.ScriptSpec Spec, PendingOutcomes<ReloadChange> Changes, int Index, ReloadChange Change) : AfterRunEnds;

/// <summary><c>reload</c> removed a running script: forget it and report <see cref="Change"/>.</summary>
internal sealed record ForgetRemovedScript(PendingOutcomes<ReloadChange> Changes, int Index, ReloadChange Change) : AfterRunEnds;

/// <summary><c>run</c> or a cron tick found groups of earlier runs alive: start <see cref="Trigger"/> once they are gone (a cron run only while the script is up).</summary>
internal sealed record StartRunOnceStopped(RunTrigger Trigger) : AfterRunEnds;

/// <summary>An automatic restart found groups of earlier runs alive: restart once they are gone, if still wanted.</summary>
/// <param name="Trigger">Why it restarts: the restart policy, or <c>max_memory</c>.</param>
internal sealed record RestartOnceStopped(RunTrigger Trigger = RunTrigger.Restart) : AfterRunEnds;

/// <summary>Daemon shutdown: one run fewer to wait for before the loop may end.</summary>
internal sealed record CountTowardsShutdown : AfterRunEnds;

/// <summary>An ordered <c>down</c>: this script has stopped, so what it depended on may stop next.</summary>
internal sealed record ContinueOrderedStop(OrderedStop Stop) : AfterRunEnds;
