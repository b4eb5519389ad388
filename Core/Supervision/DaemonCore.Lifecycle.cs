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
    /// Reads state.json, kills the process groups a dead predecessor left behind, and starts again
    /// what the user wanted up. Runs before the loop, so it may read files (state, history, the
    /// configs named in the state) and wait on the clock.
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

        await KillLeftoversAsync(loaded.Document.Scripts, SessionLeftoverGroups(), cancellationToken);
        LoadHistory();
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
                unloaded.AddRange(group.Select(e => e with { Pid = null, Pgid = null, StartTime = null, Status = ScriptStatus.Stopped }));
                continue;
            }

            foreach (var entry in group)
            {
                if (!_scripts.TryGetValue(new ScriptKey(config.ConfigPath, entry.Name), out var script))
                {
                    continue;
                }

                try
                {
                    script.LastExitCode = entry.ExitCode;
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
    }

    /// <summary>Groups of a predecessor that died without stopping them: ours when the leader is the same incarnation, or gone with members left.</summary>
    private async Task KillLeftoversAsync(IReadOnlyList<StateEntry> entries, IReadOnlyList<int> sessionGroups, CancellationToken cancellationToken)
    {
        IReadOnlySet<int>? live = null;
        IReadOnlySet<int> LiveGroups() => live ??= _host.LiveGroups();
        var groups = entries
            .Where(e => e is { Pid: not null, Pgid: not null })
            .Where(e => (e.StartTime is { } start && _host.GetStartTime(e.Pid!.Value) == start)
                        || (!_host.IsAlive(e.Pid!.Value) && _host.HasLiveMembers(e.Pgid!.Value, LiveGroups)))
            .Select(e => e.Pgid!.Value)
            .Concat(sessionGroups)
            .Distinct()
            .ToList();
        if (groups.Count == 0)
        {
            return;
        }

        _log.KillingLeftovers(groups.Count);
        groups.ForEach(g => _host.SignalGroup(g, Signal.Term));
        var deadline = _time.GetUtcNow() + LeftoverGrace;
        while (_time.GetUtcNow() < deadline)
        {
            // One /proc pass per look, shared by every group, as in CheckGroup.
            live = null;
            if (!groups.Any(g => _host.HasLiveMembers(g, LiveGroups)))
            {
                break;
            }

            // The injected clock, not a sleep: a test's fake clock drives this wait like every other timer.
            await Task.Delay(LeftoverCheckInterval, _time, cancellationToken);
        }

        groups.ForEach(g => _host.SignalGroup(g, Signal.Kill));
    }

    private void OnShutdown(ShutdownRequested shutdown)
    {
        if (_shuttingDown && !shutdown.Force)
        {
            return;
        }

        var first = !_shuttingDown;
        _shuttingDown = true;
        var running = _scripts.Values.Where(s => s.Run is not null).ToList();
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
                script.Run!.AfterEnd.Add(new CountTowardsShutdown());
            }
        }

        foreach (var script in running)
        {
            Stop(script, script.Run!, shutdown.Force);
        }

        _finished |= _shutdownRemaining == 0;
    }
}
