namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// The JSON body a <c>webhook:</c> gets (snake_case keys): which script of which config, the event
/// (an <c>on:</c> word), its exit code (null when none), when (RFC 3339, UTC), a sentence for
/// people, the host, and the script's last log lines (at most 20, oldest first, as in its log file).
/// </summary>
internal sealed record WebhookPayload(
    string Script,
    string Config,
    string Event,
    int? ExitCode,
    string Time,
    string Message,
    string Host,
    IReadOnlyList<string> LogLines)
{
    public static WebhookPayload From(NotificationMessage message) => new(
        message.Script,
        message.Config,
        message.Event,
        message.ExitCode,
        message.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        message.Text,
        Environment.MachineName,
        message.LogLines);
}
