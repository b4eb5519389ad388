using System.Collections.Immutable;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// <c>depends_on</c> (compose's startup order): a script wanted up waits until each dependency meets
/// its condition, is blocked while one has failed, and starts the moment the last condition holds.
/// Event-driven: a change of status or health of a script queues it (<see cref="ScriptStateChanged"/>),
/// and after the event only the scripts waiting on it are looked at again. Nothing polls.
/// </summary>
internal sealed partial class DaemonCore
{
    /// <summary>Scripts wanted up whose start waits for their dependencies, with the trigger their start will carry.</summary>
    private readonly Dictionary<ScriptKey, RunTrigger> _dependencyWaits = [];

    /// <summary>Scripts whose status or health changed in this event, in order, each once.</summary>
    private readonly List<ManagedScript> _changedScripts = [];
    private readonly HashSet<ScriptKey> _changedKeys = [];

    partial void ScriptStateChanged(ManagedScript script)
    {
        if (_changedKeys.Add(script.Key))
        {
            _changedScripts.Add(script);
        }
    }

    /// <summary>
    /// Looks again at the scripts waiting on those that changed, until nothing more changes: a start
    /// here is itself a change, so a chain of <c>started</c> conditions goes up within one event.
    /// </summary>
    private void SettleDependencies()
    {
        for (var i = 0; i < _changedScripts.Count; i++)
        {
            var changed = _changedScripts[i];
            if (_dependencyWaits.Count == 0)
            {
                continue;
            }

            foreach (var waiting in _dependencyWaits.Keys.Where(k => k.ConfigPath == changed.Key.ConfigPath).ToList())
            {
                if (_scripts.TryGetValue(waiting, out var dependent) && dependent.Spec.DependsOn.Any(d => d.Name == changed.Key.Name))
                {
                    Reconsider(dependent);
                }
            }
        }

        _changedScripts.Clear();
        _changedKeys.Clear();
    }

    /// <summary>
    /// Before a start that <c>up</c>, <c>restart</c>, <c>reload</c> or recovery asks for: null when every
    /// dependency meets its condition (start now), else the outcome to report while the script waits.
    /// </summary>
    private ScriptOutcome? WaitForDependencies(ManagedScript script, RunTrigger trigger)
    {
        if (script.Spec.DependsOn.IsEmpty)
        {
            return null;
        }

        var (verdict, reason) = EvaluateDependencies(script);
        if (verdict == DependencyVerdict.Satisfied)
        {
            LeaveDependencyWait(script);
            return null;
        }

        _dependencyWaits[script.Key] = trigger;
        ShowWait(script, verdict, reason!);
        var kind = verdict == DependencyVerdict.Blocked ? OutcomeKind.Blocked : OutcomeKind.Waiting;
        return new ScriptOutcome(script.Key.Name, kind, null, null, reason);
    }

    /// <summary>A script no longer wanted up (down, removed, started another way) stops waiting.</summary>
    private void LeaveDependencyWait(ManagedScript script)
    {
        _dependencyWaits.Remove(script.Key);
        script.BlockedBy = null;
    }

    private void Reconsider(ManagedScript script)
    {
        if (!_dependencyWaits.TryGetValue(script.Key, out var trigger))
        {
            return;
        }

        if (script.Desired != DesiredState.Up || _shuttingDown || script.HasGroups)
        {
            LeaveDependencyWait(script);
            return;
        }

        var (verdict, reason) = EvaluateDependencies(script);
        if (verdict != DependencyVerdict.Satisfied)
        {
            ShowWait(script, verdict, reason!);
            return;
        }

        LeaveDependencyWait(script);
        script.Log.WriteEvent($"depends_on met ({string.Join(", ", script.Spec.DependsOn.Select(d => $"{d.Name}: {d.ConditionWord}"))}): starting");
        BringUp(script, trigger, waitForDependencies: false);
    }

    /// <summary>Status <c>waiting</c> or <c>blocked</c> with the reason ps shows; the log gets a line only when the reason changes.</summary>
    private void ShowWait(ManagedScript script, DependencyVerdict verdict, string reason)
    {
        var status = verdict == DependencyVerdict.Blocked ? ScriptStatus.Blocked : ScriptStatus.Waiting;
        if (script.Status == status && script.BlockedBy == reason)
        {
            return;
        }

        script.BlockedBy = reason;
        script.Status = status;
        MarkDirty();
        script.Log.WriteEvent(verdict == DependencyVerdict.Blocked
            ? $"blocked by depends_on ({reason}); starts when it recovers"
            : $"waiting for depends_on ({reason})");
    }

    /// <summary>
    /// A cron tick of a script with <c>depends_on</c> runs only while every condition holds; false
    /// (and a line in the script's log) when the tick is skipped.
    /// </summary>
    private bool DependenciesAllowTick(ManagedScript script, DateTimeOffset tick)
    {
        if (script.Spec.DependsOn.IsEmpty)
        {
            return true;
        }

        var (verdict, reason) = EvaluateDependencies(script);
        if (verdict == DependencyVerdict.Satisfied)
        {
            return true;
        }

        script.Log.WriteEvent($"cron tick {Local(tick)} skipped: depends_on not met ({reason})");
        return false;
    }

    /// <summary>The verdict over all of the script's dependencies (blocked wins over waiting) and the first reason, as "db: unhealthy".</summary>
    private (DependencyVerdict Verdict, string? Reason) EvaluateDependencies(ManagedScript script)
    {
        string? waiting = null;
        foreach (var dependency in script.Spec.DependsOn)
        {
            if (!_scripts.TryGetValue(new ScriptKey(script.Key.ConfigPath, dependency.Name), out var other))
            {
                return (DependencyVerdict.Blocked, $"{dependency.Name}: not in the config");
            }

            var (verdict, why) = Meets(other, dependency.Condition);
            if (verdict == DependencyVerdict.Blocked)
            {
                return (verdict, $"{dependency.Name}: {why}");
            }

            if (verdict == DependencyVerdict.Waiting)
            {
                waiting ??= $"{dependency.Name}: {why}";
            }
        }

        return waiting is null ? (DependencyVerdict.Satisfied, null) : (DependencyVerdict.Waiting, waiting);
    }

    /// <summary>Whether <paramref name="dependency"/> meets <paramref name="condition"/> now; when not, the word ps shows after its name.</summary>
    private static (DependencyVerdict, string?) Meets(ManagedScript dependency, DependencyCondition condition)
    {
        var running = dependency.Status == ScriptStatus.Running && dependency.Run is { Stopping: false };
        switch (condition)
        {
            case DependencyCondition.Started when running:
                return (DependencyVerdict.Satisfied, null);
            case DependencyCondition.Healthy when running:
                return dependency.Health switch
                {
                    HealthStatus.Healthy => (DependencyVerdict.Satisfied, null),
                    HealthStatus.Unhealthy => (DependencyVerdict.Blocked, "unhealthy"),
                    _ => (DependencyVerdict.Waiting, "starting"),
                };
            case DependencyCondition.CompletedSuccessfully when running:
                return (DependencyVerdict.Waiting, "running");
            case DependencyCondition.CompletedSuccessfully when dependency is { Status: ScriptStatus.Exited, Run: null, LastExitCode: 0 }:
                return (DependencyVerdict.Satisfied, null);
            case DependencyCondition.CompletedSuccessfully when dependency.Status == ScriptStatus.Failed:
                return (DependencyVerdict.Blocked, dependency.LastExitCode is { } code ? $"exited {code}" : "failed");
        }

        return dependency.Status switch
        {
            ScriptStatus.Failed => (DependencyVerdict.Blocked, "failed"),
            ScriptStatus.Blocked => (DependencyVerdict.Blocked, "blocked"),
            // Started (or healthy) once and exited 0 with no restart coming: nothing brings it back by itself.
            ScriptStatus.Exited => (DependencyVerdict.Blocked, "exited 0"),
            ScriptStatus.Waiting when dependency.BlockedBy is not null => (DependencyVerdict.Waiting, "waiting"),
            ScriptStatus.Running or ScriptStatus.Stopping => (DependencyVerdict.Waiting, "stopping"),
            var other => (DependencyVerdict.Waiting, other.ToString().ToLowerInvariant()),
        };
    }

    /// <summary>
    /// The targets of <c>up</c>: the named scripts and, unless <paramref name="noDeps"/>, what they depend
    /// on, transitively; ordered so that each comes after its dependencies (topological levels, file order within one).
    /// </summary>
    private ImmutableArray<ManagedScript> UpTargets(ProjectConfig config, ImmutableArray<string> names, bool noDeps)
    {
        var selected = noDeps || names.IsDefaultOrEmpty
            ? Select(config, names)
            : Select(config, DependencyGraph.WithDependencies(config, names.Select(n => FindSpec(config, n).Name)));
        var levels = DependencyGraph.Levels([.. selected.Select(s => s.Spec)]);
        return [.. levels.SelectMany(level => level).Select(spec => _scripts[new ScriptKey(config.ConfigPath, spec.Name)])];
    }

    /// <summary>
    /// <c>down</c>: each target is marked down at once, and stopped once its dependents among the
    /// targets have stopped (dependents first, each level in parallel). Without dependencies between
    /// the targets, all stop at once as before.
    /// </summary>
    private void StopInDependencyOrder(ImmutableArray<ManagedScript> targets, PendingOutcomes<ScriptOutcome> pending)
    {
        foreach (var script in targets)
        {
            script.Desired = DesiredState.Down;
            LeaveDependencyWait(script);
        }

        MarkDirty();
        ContinueOrderedStop(new OrderedStop(targets, pending), stopped: null);
    }

    private void ContinueOrderedStop(OrderedStop stop, ManagedScript? stopped)
    {
        if (stopped is not null)
        {
            stop.MarkStopped(stopped);
        }

        for (var ready = stop.TakeReady(); ready.Count > 0; ready = stop.TakeReady())
        {
            foreach (var i in ready)
            {
                var script = stop.Targets[i];
                if (StopScript(script, new ReportStopped(stop.Outcomes, i)) is { } outcome)
                {
                    stop.MarkStopped(script);
                    stop.Outcomes.Set(i, outcome);
                }
                else
                {
                    script.AfterStop.Add(new ContinueOrderedStop(stop));
                }
            }
        }
    }

    /// <summary>A probe's verdict: the current run's <see cref="ManagedScript.Health"/>, and its dependents looked at again.</summary>
    private void OnHealthReported(HealthReported reported)
    {
        if (!_scripts.TryGetValue(reported.Key, out var script) || script.Run is not { Exit: null } run || run.Pid != reported.Pid
            || script.Health == reported.Health)
        {
            return;
        }

        script.Health = reported.Health;
        MarkDirty();
        ScriptStateChanged(script);
    }
}
