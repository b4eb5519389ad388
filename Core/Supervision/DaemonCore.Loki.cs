using TurtleHarbor.Core.Config;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Loki: pushers follow the configs' settings, and each script's log writer feeds its config's pusher.</summary>
internal sealed partial class DaemonCore
{
    /// <summary>After a config was registered or reloaded: pushers match the settings, every script its config's pusher.</summary>
    private void ApplyLoki()
    {
        _loki.Update(_configs.Values);
        foreach (var script in _scripts.Values)
        {
            if (_configs.TryGetValue(script.Key.ConfigPath, out var config))
            {
                AttachLoki(script, config);
            }
        }
    }

    private void AttachLoki(ManagedScript script, ProjectConfig config)
    {
        var wanted = _loki.ListenerFor(config, script.Key.Name);
        _lokiListeners.TryGetValue(script.Key, out var current);
        if (current is not null && wanted is not null && current.Pusher == wanted.Pusher
            && current.Labels.Count == wanted.Labels.Count && !current.Labels.Except(wanted.Labels).Any())
        {
            return;
        }

        if (current is not null)
        {
            script.Log.RemoveListener(current);
            _lokiListeners.Remove(script.Key);
        }

        if (wanted is not null)
        {
            script.Log.AddListener(wanted);
            _lokiListeners[script.Key] = wanted;
        }
    }

    private void DetachLoki(ManagedScript script)
    {
        if (_lokiListeners.Remove(script.Key, out var listener))
        {
            script.Log.RemoveListener(listener);
        }
    }
}
