using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;

using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Coming back after a restart of the daemon, and going down.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>
    /// Reads state.json, stops the process groups a dead predecessor left behind, and starts again
    /// what the user wanted up. Runs before the loop, so it may read files (state, history, the
    /// configs named in the state). A leftover group of a script whose config loads is stopped on
    /// the loop with that script's stop_signal and stop_timeout (all in parallel, ps says
    /// <c>stopping</c>), and the script starts once it is gone; only groups no loaded script owns
    /// are stopped here, with SIGTERM and <see cref="LeftoverGrace"/>.
    /// </summary>
    private async Task RecoverStateAsync(CancellationToken cancellationToken)
    {
        var loaded = _state.Load();
        if (loaded.MovedAsideTo is { } aside)
        {
            if (loaded.Foreign && loaded.Document.Scripts.Count > 0)
            {
                _log.StateImported(loaded.Reason ?? "unknown", aside);
            }
            else if (loaded.Foreign)
            {
                _log.StateForeignMovedAside(loaded.Reason ?? "unknown", aside);
            }
            else
            {
                _log.StateMovedAside(loaded.Reason ?? "unknown", aside);
            }
        }

        foreach (var skipped in loaded.Skipped.IsDefault ? [] : loaded.Skipped)
        {
            _log.StateEntrySkipped(skipped);
        }

        // Decided before anything is spawned, and before the session file is rewritten.
        var leftovers = LeftoverGroups(loaded.Document.Scripts);
        var unowned = new HashSet<int>(SessionLeftoverGroups());
        unowned.ExceptWith(leftovers.Values.SelectMany(g => g).Select(g => g.Pgid));
        await LoadHistoryAsync(cancellationToken);
        var unloaded = new List<StateEntry>();
        foreach (var group in loaded.Document.Scripts.GroupBy(e => e.Config, StringComparer.Ordinal))
        {
            ProjectConfig config;
            try
            {
                config = Register(ConfigLoader.Load(group.Key));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One config that cannot come back must not keep the daemon (and every other script) down.
                _log.ConfigNotRecovered(group.Key, SystemErrorText.Of(e));
                unloaded.AddRange(group.Select(e => e with { Pid = null, Pgid = null, StartTime = null, Status = ScriptStatus.Stopped, LeftoverGroups = null }));
                unowned.UnionWith(group.Where(leftovers.ContainsKey).SelectMany(e => leftovers[e]).Select(g => g.Pgid));
                continue;
            }

            foreach (var entry in group)
            {
                if (!_scripts.TryGetValue(new ScriptKey(config.ConfigPath, entry.Name), out var script))
                {
                    if (leftovers.TryGetValue(entry, out var orphaned))
                    {
                        unowned.UnionWith(orphaned.Select(g => g.Pgid));
                    }

                    continue;
                }

                try
                {
                    script.LastExitCode = entry.ExitCode;
                    foreach (var leftover in leftovers.GetValueOrDefault(entry) ?? [])
                    {
                        AdoptLeftover(script, leftover, entry.StartedAt);
                    }

                    if (entry.Desired == DesiredState.Up)
                    {
                        BringUp(script, RunTrigger.Recover);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.StateEntrySkipped($"script '{entry.Name}' of {group.Key}: {SystemErrorText.Of(e)}");
                }
            }
        }

        _unloadedEntries = [.. unloaded];
        if (loaded.Document.Scripts.Count > 0 || loaded.MovedAsideTo is not null)
        {
            // Pids of the predecessor's runs are stale now. An empty state has nothing to correct,
            // and skipping its fsync'd rewrite lets a fresh daemon answer sooner.
            MarkDirty();
        }

        await StopUnownedLeftoversAsync([.. unowned], cancellationToken);
    }

    /// <summary>
    /// The groups each entry's predecessor left alive: its run's when the leader is the same
    /// incarnation, or gone with members left; and each recorded leftover group whose leader is gone
    /// and members live (a live leader would be a recycled pid: Linux never hands out the pid of a
    /// live group, so while members remain the group is the one we recorded).
    /// </summary>
    private Dictionary<StateEntry, List<(int Pid, int Pgid, long? StartTime)>> LeftoverGroups(IReadOnlyList<StateEntry> entries)
    {
        IReadOnlySet<int>? live = null;
        IReadOnlySet<int> LiveGroups() => live ??= _host.LiveGroups();
        bool LeaderGoneMembersLeft(int pid, int pgid) => !_host.IsAlive(pid) && _host.HasLiveMembers(pgid, LiveGroups);
        var found = new Dictionary<StateEntry, List<(int, int, long?)>>();
        foreach (var e in entries)
        {
            var groups = new List<(int, int, long?)>();
            // A pid or group of 0 or 1 is nobody's run (killpg would reach ourselves or init): a bad entry, skipped.
            if (e is { Pid: { } pid and > 0, Pgid: { } pgid and > 1 }
                && ((e.StartTime is { } start && _host.GetStartTime(pid) == start) || LeaderGoneMembersLeft(pid, pgid)))
            {
                groups.Add((pid, pgid, e.StartTime));
            }

            groups.AddRange((e.LeftoverGroups ?? []).Where(g => g > 1 && LeaderGoneMembersLeft(g, g)).Select(g => (g, g, (long?)null)));
            if (groups.Count > 0)
            {
                found[e] = groups;
            }
        }

        return found;
    }

    /// <summary>Takes over a predecessor's live group as a leftover of its script and starts stopping it with the script's own stop settings.</summary>
    private void AdoptLeftover(ManagedScript script, (int Pid, int Pgid, long? StartTime) group, DateTimeOffset? startedAt)
    {
        var run = new ScriptRun(++_lastInstance, group.Pid, group.Pgid, group.StartTime, startedAt ?? _time.GetUtcNow(), RunTrigger.Recover)
        {
            // The predecessor saw this run start; nobody will see its exit status now.
            Exit = ExitStatus.Unknown,
            ExitRecorded = true,
        };
        script.Leftovers.Add(run);
        script.Log.WriteEvent($"the previous daemon left process group {run.Pgid} running");
        StopGroup(script, run);
        script.Status = ScriptStatus.Stopping;
    }

    /// <summary>Groups of a dead predecessor that no loaded script owns (its config is gone, or it was never saved): SIGTERM, a short grace, SIGKILL.</summary>
    private async Task StopUnownedLeftoversAsync(IReadOnlyList<int> groups, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        IReadOnlySet<int>? live = null;
        IReadOnlySet<int> LiveGroups() => live ??= _host.LiveGroups();
        _log.StoppingUnownedLeftovers(groups.Count);
        foreach (var g in groups)
        {
            _host.SignalGroup(g, Signal.Term);
        }

        var deadline = _time.GetUtcNow() + LeftoverGrace;
        while (_time.GetUtcNow() < deadline)
        {
            // One /proc pass per look, shared by every group, as in CheckGroup.
            live = null;
            if (!groups.Any(g => _host.HasLiveMembers(g, LiveGroups)))
            {
                return;
            }

            // The injected clock, not a sleep: a test's fake clock drives this wait like every other timer.
            await Task.Delay(LeftoverCheckInterval, _time, cancellationToken);
        }

        foreach (var g in groups)
        {
            _host.SignalGroup(g, Signal.Kill);
        }
    }

    private void OnShutdown(ShutdownRequested shutdown)
    {
        if (_shuttingDown && !shutdown.Force)
        {
            return;
        }

        var first = !_shuttingDown;
        _shuttingDown = true;
        var running = _scripts.Values.Where(s => s.HasGroups).ToList();
        _log.DaemonStopping(shutdown.Force ? "second signal: killing at once" : "shutdown requested", running.Count);
        foreach (var script in _scripts.Values)
        {
            script.CancelPendingRestart();
            script.Cron.Disarm();
        }

        if (first)
        {
            _shutdownRemaining = running.Count;
            foreach (var script in running)
            {
                script.AfterStop.Add(new CountTowardsShutdown());
            }
        }

        foreach (var script in running)
        {
            foreach (var leftover in script.Leftovers.ToList())
            {
                StopGroup(script, leftover, shutdown.Force);
            }

            if (script.Run is { } run)
            {
                Stop(script, run, shutdown.Force);
            }
        }

        _finished |= _shutdownRemaining == 0;
    }
}
