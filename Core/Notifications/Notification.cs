using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// One event to tell the <c>settings.notify</c> entries of a config about, as the core loop hands it over.
/// The log lines are read later, off the loop, from <paramref name="LogPath"/> once <paramref name="FlushLogAsync"/>
/// has written what the script said before the event.
/// </summary>
/// <param name="ExitCode">The run's exit code (128 + signal for a signal), null when there is none (unhealthy) or it is unknown.</param>
/// <param name="Rules">Only the entries that listen to <paramref name="Event"/>.</param>
internal sealed record Notification(
    string Script,
    string ConfigPath,
    string ProjectDirectory,
    NotifyEvent Event,
    int? ExitCode,
    DateTimeOffset Time,
    ImmutableArray<NotifyRule> Rules,
    string LogPath,
    int MaxLogFiles,
    Func<CancellationToken, Task> FlushLogAsync);
