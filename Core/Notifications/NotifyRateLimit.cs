using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// At most one notification per script and event per <see cref="Window"/>, on the daemon's clock.
/// Owned by the core loop; one entry per script and event ever notified, forgotten with the script.
/// </summary>
internal sealed class NotifyRateLimit
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<(ScriptKey Key, NotifyEvent Event), DateTimeOffset> _last = [];

    /// <summary>True (and remembered) when the last notification of this script and event is at least a minute old.</summary>
    public bool TryPass(ScriptKey key, NotifyEvent kind, DateTimeOffset now)
    {
        if (_last.TryGetValue((key, kind), out var last) && now - last < Window && now >= last)
        {
            return false;
        }

        _last[(key, kind)] = now;
        return true;
    }

    public void Forget(ScriptKey key)
    {
        foreach (var entry in _last.Keys.Where(k => k.Key == key).ToList())
        {
            _last.Remove(entry);
        }
    }
}
