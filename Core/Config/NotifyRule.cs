using System.Collections.Immutable;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// One entry of <c>settings.notify</c>: the events it listens to and where it sends them. At least one
/// target is set.
/// </summary>
/// <param name="On">The events of its <c>on:</c> list (all of them when the list is left out), without repeats.</param>
/// <param name="Desktop">Notification Center through osascript on macOS, notify-send on Linux.</param>
/// <param name="Webhook">An http:// or https:// URL that gets a JSON POST; null for none.</param>
/// <param name="Command">Run by <c>/bin/sh -c</c> with TH_SCRIPT, TH_EVENT, TH_EXIT_CODE and TH_CONFIG set; null for none.</param>
internal sealed record NotifyRule(ImmutableArray<NotifyEvent> On, bool Desktop, string? Webhook, string? Command)
{
    /// <summary>The words of <c>on:</c>, as written in scripts.yml.</summary>
    public static readonly IReadOnlyList<(string Word, NotifyEvent Value)> EventWords =
    [
        ("failed", NotifyEvent.Failed),
        ("exited", NotifyEvent.Exited),
        ("cron_failed", NotifyEvent.CronFailed),
        ("unhealthy", NotifyEvent.Unhealthy),
        ("memory", NotifyEvent.Memory),
    ];

    public bool Listens(NotifyEvent kind) => On.Contains(kind);

    public static string WordOf(NotifyEvent kind) => EventWords.First(w => w.Value == kind).Word;
}
