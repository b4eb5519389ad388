using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.Notifications;

/// <summary>What every target of a notification is told: the facts, a title and a sentence for people, and the script's last log lines.</summary>
/// <param name="Event">The <c>on:</c> word: failed, exited, cron_failed, unhealthy or memory.</param>
internal sealed record NotificationMessage(
    string Script,
    string Config,
    string Event,
    int? ExitCode,
    DateTimeOffset Time,
    string Title,
    string Text,
    ImmutableArray<string> LogLines)
{
    public static NotificationMessage From(Notification notification, ImmutableArray<string> logLines)
    {
        var code = notification.ExitCode is { } c ? $" (exit code {c})" : "";
        var what = notification.Event switch
        {
            NotifyEvent.Failed => $"failed: gave up restarting{code}",
            NotifyEvent.Exited => $"exited{code}",
            NotifyEvent.CronFailed => $"cron run failed{code}",
            NotifyEvent.Unhealthy => "is unhealthy",
            NotifyEvent.Memory => "was restarted: its memory stayed above max_memory",
            _ => notification.Event.ToString(),
        };
        return new NotificationMessage(
            notification.Script,
            notification.ConfigPath,
            NotifyRule.WordOf(notification.Event),
            notification.ExitCode,
            notification.Time,
            $"th: {notification.Script} {NotifyRule.WordOf(notification.Event).Replace('_', ' ')}",
            $"{notification.Script} {what}",
            logLines);
    }
}
