using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// Delivers notifications off the core loop. The loop only calls <see cref="Enqueue"/> (a TryWrite to a
/// bounded channel; a full queue drops and counts). One worker reads the queue, reads the script's
/// last log lines, and starts one delivery per target, at most <see cref="MaxDeliveries"/> at a time,
/// so a webhook that hangs delays only its own retries, never the loop or another target.
/// </summary>
internal sealed class Notifier : IAsyncDisposable
{
    public const int QueueCapacity = 64;
    public const int MaxDeliveries = 8;
    public const int LogLineCount = 20;

    /// <summary>How long the worker waits for the script's log writer to put the last lines in the file.</summary>
    private static readonly TimeSpan LogFlushWait = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown lets deliveries in progress finish before cancelling them.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly Channel<Notification> _queue = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _slots = new(MaxDeliveries, MaxDeliveries);
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly NotificationTargets _targets;
    private readonly ILogger _log;
    private readonly Task _worker;
    private long _sent;
    private long _failed;
    private long _dropped;
    private long _rateLimited;

    public Notifier(NotificationTargets targets, ILogger log)
    {
        _targets = targets;
        _log = log;
        _worker = Task.Run(RunAsync);
    }

    public NotificationCounts Counts => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _failed), Interlocked.Read(ref _dropped), Interlocked.Read(ref _rateLimited));

    /// <summary>Hands a notification over; never blocks. False (counted and logged) when the queue is full or closed.</summary>
    public bool Enqueue(Notification notification)
    {
        if (_queue.Writer.TryWrite(notification))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        _log.NotificationDropped(notification.Script, Config.NotifyRule.WordOf(notification.Event));
        return false;
    }

    /// <summary>Counts one notification the rate limit held back.</summary>
    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                while (reader.TryRead(out var notification))
                {
                    var message = NotificationMessage.From(notification, await LastLinesAsync(notification));
                    foreach (var rule in notification.Rules)
                    {
                        await StartTargetsAsync(rule, notification, message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: what is still queued is dropped.
        }
        catch (Exception e)
        {
            _log.NotificationFailed("notifier", "-", "-", Errors.SystemErrorText.Of(e));
        }
    }

    private async Task StartTargetsAsync(Config.NotifyRule rule, Notification notification, NotificationMessage message)
    {
        if (rule.Desktop)
        {
            await StartAsync("desktop", message, ct => _targets.DesktopAsync(message, ct));
        }

        if (rule.Webhook is { } url)
        {
            await StartAsync($"webhook {WebhookSender.Describe(url)}", message, ct => _targets.WebhookAsync(url, message, ct));
        }

        if (rule.Command is { } command)
        {
            await StartAsync("command", message, ct => _targets.CommandAsync(command, notification.ProjectDirectory, message, ct));
        }
    }

    private async Task StartAsync(string target, NotificationMessage message, Func<CancellationToken, Task<string?>> deliver)
    {
        await _slots.WaitAsync(_stopping.Token);
        var delivery = DeliverAsync(target, message, deliver);
        _deliveries.TryAdd(delivery, 0);
        _ = delivery.ContinueWith(t => _deliveries.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DeliverAsync(string target, NotificationMessage message, Func<CancellationToken, Task<string?>> deliver)
    {
        // Off the worker: it goes on to the next target at once.
        await Task.Yield();
        try
        {
            var failure = await deliver(_stopping.Token);
            switch (failure)
            {
                case null:
                    Interlocked.Increment(ref _sent);
                    _log.NotificationSent(target, message.Script, message.Event);
                    break;
                case "":
                    break;
                default:
                    Interlocked.Increment(ref _failed);
                    _log.NotificationFailed(target, message.Script, message.Event, failure);
                    break;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            _log.NotificationFailed(target, message.Script, message.Event, "cancelled by the daemon's shutdown");
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            _log.NotificationFailed(target, message.Script, message.Event, Errors.SystemErrorText.Of(e));
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The script's last lines, once its log writer has written what came before the event (or after a second).</summary>
    private async Task<ImmutableArray<string>> LastLinesAsync(Notification notification)
    {
        try
        {
            await notification.FlushLogAsync(_stopping.Token).WaitAsync(LogFlushWait, _stopping.Token);
        }
        catch (TimeoutException)
        {
            // Whatever is in the file by now.
        }

        try
        {
            return [.. LogTail.ReadLastLines(notification.LogPath, LogLineCount, notification.MaxLogFiles)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [$"(the log could not be read: {Errors.SystemErrorText.Of(e)})"];
        }
    }

    /// <summary>Stops taking notifications, gives deliveries in progress a short grace, then cancels them and waits for them (hook processes are reaped).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        var pending = _deliveries.Keys.ToList();
        if (pending.Count > 0)
        {
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(ShutdownGrace));
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_deliveries.Keys.Append(_worker).Select(IgnoreFailureAsync));
        _targets.Dispose();
        _stopping.Dispose();
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Counted and logged where it happened.
        }
    }
}
