using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.State;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Which configs and scripts the daemon knows, and the state file built from them.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>
    /// Makes the config known. New scripts are added stopped; scripts that are not running take the
    /// new spec; running ones keep theirs until their run ends (<see cref="AdoptRegisteredSpec"/>):
    /// <c>up</c>, <c>restart</c> and <c>reload</c> of a changed script end it for that.
    /// </summary>
    private ProjectConfig Register(ProjectConfig config)
    {
        EnsureOwnLogFiles(config);
        RememberConfig(config);
        ApplyLoki();
        foreach (var spec in config.Scripts)
        {
            var key = new ScriptKey(config.ConfigPath, spec.Name);
            if (!_scripts.TryGetValue(key, out var script))
            {
                _scripts[key] = CreateScript(config, spec);
            }
            else if (script.Run is null)
            {
                script.Spec = spec;
                script.MaxLogFiles = config.Settings.Log.MaxFiles;
            }
        }

        MarkDirty();
        return config;
    }

    /// <summary>
    /// Whether the loop already has a config registered for <paramref name="configPath"/>; safe from
    /// any thread. A config is never forgotten, so a yes stays true by the time a command arrives.
    /// </summary>
    public bool KnowsConfig(string configPath) => _knownConfigPaths.Contains(configPath);

    /// <summary>
    /// What a command about <paramref name="configPath"/> must carry: just the path when the loop
    /// knows it, else the file read here, on the caller's thread, so the loop never reads it.
    /// </summary>
    public ConfigSource SourceFor(string configPath) =>
        KnowsConfig(configPath) ? ConfigSource.Known(configPath) : ConfigSource.Read(configPath);

    /// <summary>
    /// A script whose run has ended takes its registered config's definition, so whatever starts it
    /// next (restart, up, a restart policy, a cron tick) runs what the file said when the daemon last
    /// read it, never an older definition kept only because it was running then.
    /// </summary>
    private void AdoptRegisteredSpec(ManagedScript script)
    {
        if (_configs.TryGetValue(script.Key.ConfigPath, out var config) && config.Find(script.Key.Name) is { } spec)
        {
            script.Spec = spec;
            script.MaxLogFiles = config.Settings.Log.MaxFiles;
        }
    }

    private void RememberConfig(ProjectConfig config)
    {
        _configs[config.ConfigPath] = config;
        _knownConfigPaths = _knownConfigPaths.Add(config.ConfigPath);
    }

    private ManagedScript CreateScript(ProjectConfig config, ScriptSpec spec)
    {
        var path = LogPathOf(config, spec.Name);
        var log = config.Settings.Log;
        _capture ??= PipeCapture.TryStart();
        var writer = new ScriptLogWriter(path, new ScriptLogOptions(log.MaxLineLength, log.MaxFileSize, log.MaxFiles), _time, _capture);
        var logger = _log;
        var name = spec.Name;
        writer.OnWriteError = reason => logger.ScriptLogWriteFailed(name, path, reason);
        var script = new ManagedScript(new ScriptKey(config.ConfigPath, spec.Name), spec, writer, path, log.MaxFiles) { StatusChanged = ScriptStateChanged };
        AttachLoki(script, config);
        return script;
    }

    private void Forget(ManagedScript script)
    {
        _scripts.Remove(script.Key);
        _notifyLimit.Forget(script.Key);
        DetachLoki(script);
        MarkDirty();
        _ = script.DisposeAsync().AsTask();
    }

    private StateDocument Snapshot()
    {
        var entries = _scripts.Values
            .OrderBy(s => s.Key.ConfigPath, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Name, StringComparer.Ordinal)
            .Select(s => new StateEntry(
                s.Key.ConfigPath,
                s.Key.Name,
                s.Desired,
                s.Status,
                s.Run?.Pid,
                s.Run?.Pgid,
                s.Run?.StartTime,
                s.Run?.StartedAt,
                s.Restarts,
                s.LastExitCode,
                s.Leftovers.Count > 0 ? [.. s.Leftovers.Select(r => r.Pgid)] : null))
            .Concat(_unloadedEntries);
        return new StateDocument(StateDocument.CurrentVersion, [.. entries]);
    }
}
