using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// Delivers one message to one target of a rule: the desktop, a webhook or a hook command. Each
/// answers null when delivered, else why not; a desktop on a host without a notifier is skipped.
/// </summary>
/// <param name="environment">The daemon's environment, which hooks and notify-send inherit (PATH, DISPLAY, DBUS_SESSION_BUS_ADDRESS ...).</param>
internal sealed class NotificationTargets(
    IReadOnlyDictionary<string, string> environment,
    TimeProvider time,
    ILogger log,
    DesktopPlatform platform) : IDisposable
{
    /// <summary>How long a hook command or the desktop notifier may run before its process group is killed.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly WebhookSender _webhooks = new(time);
    private int _desktopMissingLogged;

    /// <summary>Null when delivered; "" when skipped (no desktop notifier here); else why it failed.</summary>
    public Task<string?> DesktopAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var argv = DesktopCommand.For(platform, message.Title, message.Text, name => DesktopCommand.FindOnPath(name, environment.GetValueOrDefault("PATH")));
        if (argv is not { } command)
        {
            if (Interlocked.Exchange(ref _desktopMissingLogged, 1) == 0)
            {
                log.DesktopNotifierMissing(platform == DesktopPlatform.Linux ? "no notify-send on PATH" : "neither macOS nor Linux");
            }

            return Task.FromResult<string?>("");
        }

        return RunAsync(command, environment, "/", Path.GetFileName(command[0]), cancellationToken);
    }

    public Task<string?> WebhookAsync(string url, NotificationMessage message, CancellationToken cancellationToken) =>
        _webhooks.SendAsync(url, message, cancellationToken);

    /// <summary>Runs <paramref name="command"/> by /bin/sh -c in the config's directory, with TH_SCRIPT, TH_EVENT, TH_EXIT_CODE, TH_CONFIG, TH_MESSAGE added.</summary>
    public Task<string?> CommandAsync(string command, string workingDirectory, NotificationMessage message, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["TH_SCRIPT"] = message.Script,
            ["TH_EVENT"] = message.Event,
            ["TH_EXIT_CODE"] = message.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["TH_CONFIG"] = message.Config,
            ["TH_MESSAGE"] = message.Text,
        };
        return RunAsync([ShellCommand.Shell, "-c", command], env, workingDirectory, "the command", cancellationToken);
    }

    /// <param name="what">How a failure names the program: "notify-send", "the command".</param>
    private async Task<string?> RunAsync(ImmutableArray<string> argv, IReadOnlyDictionary<string, string> env, string workingDirectory, string what, CancellationToken cancellationToken)
    {
        var request = new SpawnRequest(argv[0], argv, workingDirectory, env, SpawnStdio.Null, NewSession: false);
        ExitStatus? status;
        try
        {
            status = await ShortLivedProcess.RunAsync(request, CommandTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is NativeCallException or IOException or UnauthorizedAccessException)
        {
            return $"{what} could not start: {Errors.SystemErrorText.Of(e)}";
        }

        return status switch
        {
            null => $"{what} ran past {CommandTimeout.TotalSeconds:0} s; its process group was killed",
            { Success: true } => null,
            { } s => $"{what} ended with {s.Describe()}",
        };
    }

    public void Dispose() => _webhooks.Dispose();
}
