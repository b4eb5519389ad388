using System.Collections.Immutable;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision;

/// <summary>th reload: apply a re-read config field by field, touching only what changed.</summary>
internal sealed partial class DaemonCore
{
    private void Reload(ReloadConfigCommand command, TaskCompletionSource<CommandResult> reply)
    {
        var config = command.Config;
        EnsureOwnLogFiles(config);
        var plan = PlanReload(config);
        if (command.DryRun)
        {
            Reply(reply, new ReloadResult(true, [.. plan.Select(p => p.Change)]));
            return;
        }

        RememberConfig(config);
        ApplyLoki();
        MarkDirty();
        var pending = new PendingOutcomes<ReloadChange>(plan.Length, changes => Reply(reply, new ReloadResult(false, changes)));
        for (var i = 0; i < plan.Length; i++)
        {
            var (change, script, spec) = plan[i];
            switch (change.Change)
            {
                case ReloadChangeKind.Unchanged:
                    pending.Set(i, change);
                    break;
                case ReloadChangeKind.Removed:
                    script!.Desired = DesiredState.Down;
                    if (StopScript(script, new ForgetRemovedScript(pending, i, change)) is not null)
                    {
                        Forget(script);
                        pending.Set(i, change);
                    }

                    break;
                case ReloadChangeKind.Added:
                    var added = CreateScript(config, spec!);
                    _scripts[added.Key] = added;
                    pending.Set(i, WithError(change, BringUp(added, RunTrigger.Reload)));
                    break;
                case ReloadChangeKind.Changed:
                    if (TryApplyChangedSpec(script!, spec!, config, new ApplyReloadedSpec(spec!, pending, i, change), out var outcome))
                    {
                        pending.Set(i, WithError(change, outcome));
                    }

                    break;
            }
        }

        pending.CompleteIfEmpty();
    }

    private ImmutableArray<(ReloadChange Change, ManagedScript? Script, ScriptSpec? Spec)> PlanReload(ProjectConfig config)
    {
        var plan = ImmutableArray.CreateBuilder<(ReloadChange, ManagedScript?, ScriptSpec?)>();
        foreach (var spec in config.Scripts)
        {
            if (_scripts.TryGetValue(new ScriptKey(config.ConfigPath, spec.Name), out var script))
            {
                var fields = ScriptSpecDiff.ChangedFields(script.Spec, spec);
                var kind = fields.IsEmpty ? ReloadChangeKind.Unchanged : ReloadChangeKind.Changed;
                plan.Add((new ReloadChange(spec.Name, kind, fields, null), script, spec));
            }
            else
            {
                plan.Add((new ReloadChange(spec.Name, ReloadChangeKind.Added, [], null), null, spec));
            }
        }

        foreach (var script in _scripts.Values.Where(s => s.Key.ConfigPath == config.ConfigPath && config.Find(s.Key.Name) is null).ToList())
        {
            plan.Add((new ReloadChange(script.Key.Name, ReloadChangeKind.Removed, [], null), script, null));
        }

        return plan.ToImmutable();
    }

    /// <summary>
    /// A changed script runs again with its new spec if it was running or meant to be up; a stopped
    /// one just takes the spec. False when a run must end first: <paramref name="afterStop"/> is then
    /// recorded on it and the outcome comes with <see cref="RunEnded"/>.
    /// </summary>
    private bool TryApplyChangedSpec(ManagedScript script, ScriptSpec spec, ProjectConfig config, AfterRunEnds afterStop, out ScriptOutcome? outcome)
    {
        script.MaxLogFiles = config.Settings.Log.MaxFiles;
        if (HealthRearmedInPlace(script, spec, out outcome) || RearmedInPlace(script, spec, out outcome))
        {
            return true;
        }

        if (script.Run is { } run)
        {
            script.AfterStop.Add(afterStop);
            Stop(script, run);
            return false;
        }

        outcome = TakeSpec(script, spec);
        return true;
    }

    private ScriptOutcome? TakeSpec(ManagedScript script, ScriptSpec spec)
    {
        script.Spec = spec;
        return script.Desired == DesiredState.Up ? BringUp(script, RunTrigger.Reload) : null;
    }

    private static ReloadChange WithError(ReloadChange change, ScriptOutcome? outcome) =>
        outcome?.Error is { } error ? change with { Error = error } : change;
}
