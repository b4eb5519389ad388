using System.Collections.Immutable;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// th kill: a signal to what a script runs, as compose's <c>kill</c> (the whole group) or systemd's
/// KillMode=mixed main process (<c>--main</c>). It stops nothing by itself: a run the signal ends is
/// an exit the user did not ask for with <c>down</c>, so the restart policy decides what follows.
/// </summary>
internal sealed partial class DaemonCore
{
    private void SendSignal(KillCommand command, TaskCompletionSource<CommandResult> reply)
    {
        var targets = Select(RegisteredOrRegister(command.Config), command.Names);
        // Naming a script that runs nothing is a failed operation; `th kill` of all just reports it.
        var named = !command.Names.IsDefaultOrEmpty;
        var outcomes = ImmutableArray.CreateBuilder<ScriptOutcome>(targets.Length);
        foreach (var script in targets)
        {
            outcomes.Add(SignalScript(script, command.Signal, command.MainOnly, named));
        }

        Reply(reply, new OutcomesResult(outcomes.MoveToImmutable()));
    }

    private ScriptOutcome SignalScript(ManagedScript script, Signal signal, bool mainOnly, bool named)
    {
        var name = script.Key.Name;
        var signalName = $"SIG{SignalNames.ToName(signal)}";
        string? target = null;
        var leaderGone = false;
        if (script.Run is { Exit: null } run)
        {
            target = mainOnly
                ? SignalLeader(run, signal) ? $"pid {run.Pid}" : null
                : _host.SignalGroup(run.Pgid, signal) ? $"process group {run.Pgid}" : null;
        }
        else if ((script.Run?.Pgid ?? script.Leftovers.LastOrDefault()?.Pgid) is { } pgid && _host.HasLiveMembers(pgid, LiveGroupsThisBatch))
        {
            // The main process is gone but its group lives on: the group can still be reached, the main process not.
            leaderGone = mainOnly;
            target = !mainOnly && _host.SignalGroup(pgid, signal) ? $"process group {pgid} (its main process has exited)" : null;
        }

        if (target is null)
        {
            var why = leaderGone ? "its main process has exited" : null;
            return new ScriptOutcome(name, OutcomeKind.NotRunning, null, named ? why ?? "not running" : null, named ? null : why);
        }

        script.Log.WriteEvent($"{signalName} to {target} (th kill)");
        return new ScriptOutcome(name, OutcomeKind.Signalled, script.Run?.Pid, null, $"{signalName} to {target}");
    }

    /// <summary>Signals the run's main process, but only while it is still the process we started (its start time).</summary>
    private bool SignalLeader(ScriptRun run, Signal signal) =>
        (run.StartTime is null || _host.GetStartTime(run.Pid) == run.StartTime) && _host.SignalProcess(run.Pid, signal);
}
