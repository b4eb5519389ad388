using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Notifications;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// <c>settings.notify</c> on the loop: which runs are worth a notification, the one-per-minute limit
/// (the daemon's clock), and the hand-over to the <see cref="Notifier"/>, which does all I/O on its own worker.
/// </summary>
internal sealed partial class DaemonCore
{
    private readonly NotifyRateLimit _notifyLimit = new();
    private Notifier? _notifier;

    /// <summary>Where deliveries go; made at the first notification, so a daemon without <c>notify</c> starts no worker.</summary>
    private Notifier Notifications => _notifier ??= new Notifier(
        new NotificationTargets(_inheritedEnvironment, _time, _log, DesktopCommand.HostPlatform()), _log);

    /// <summary>O(entries of the config): a look-up, the rate limit, and a TryWrite to the notifier's bounded queue.</summary>
    partial void Notify(ManagedScript script, NotifyEvent kind, int? exitCode)
    {
        if (_shuttingDown || !_configs.TryGetValue(script.Key.ConfigPath, out var config) || config.Settings.Notify.IsDefaultOrEmpty)
        {
            return;
        }

        var rules = config.Settings.Notify.Where(r => r.Listens(kind)).ToArray();
        if (rules.Length == 0)
        {
            return;
        }

        var word = NotifyRule.WordOf(kind);
        var now = _time.GetUtcNow();
        if (!_notifyLimit.TryPass(script.Key, kind, now))
        {
            Notifications.CountRateLimited();
            _log.NotificationRateLimited(script.Key.Name, word);
            return;
        }

        var writer = script.Log;
        Notifications.Enqueue(new Notification(
            script.Key.Name,
            script.Key.ConfigPath,
            config.ProjectDirectory,
            kind,
            exitCode,
            now,
            [.. rules],
            script.LogPath,
            script.MaxLogFiles,
            writer.FlushAsync));
    }

    /// <summary>
    /// A run that ended on its own with a failure: a cron script's run is <c>cron_failed</c>, a
    /// <c>restart_policy: never</c> script's is <c>exited</c>. (Giving up restarting is <c>failed</c>, told by the restart policy.)
    /// </summary>
    private void NotifyRunFailed(ManagedScript script, ScriptRun run)
    {
        var exit = run.Exit ?? Native.ExitStatus.Unknown;
        if (exit.Success || run.StopRequested || script.Desired == DesiredState.Down || _shuttingDown)
        {
            return;
        }

        if (script.IsCron)
        {
            Notify(script, NotifyEvent.CronFailed, ExitCodeOf(exit));
        }
        else if (script.Spec.RestartPolicy == RestartPolicy.Never)
        {
            Notify(script, NotifyEvent.Exited, ExitCodeOf(exit));
        }
    }

    /// <summary>For <c>th daemon status</c>: null while no config asks for notifications and none was sent.</summary>
    private NotificationCounts? NotificationStatus() =>
        _notifier?.Counts ?? (_configs.Values.Any(c => !c.Settings.Notify.IsDefaultOrEmpty) ? new NotificationCounts(0, 0, 0, 0) : null);

    private async Task StopNotificationsAsync()
    {
        if (_notifier is { } notifier)
        {
            await notifier.DisposeAsync();
        }
    }
}
