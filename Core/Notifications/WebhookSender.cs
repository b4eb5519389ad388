using System.Net;
using System.Text;
using System.Text.Json;

namespace TurtleHarbor.Core.Notifications;

/// <summary>
/// POSTs a <see cref="WebhookPayload"/> as JSON. A receiver that is down, slow (past
/// <see cref="AttemptTimeout"/>), answers 5xx or 429 is tried again after 1 s, 5 s and 30 s; any other
/// answer outside 2xx is final. ntfy takes the body as the message and shows the <c>Title</c> header.
/// </summary>
internal sealed class WebhookSender(TimeProvider time, HttpMessageHandler? handler = null) : IDisposable
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The waits before the second, third and fourth attempt.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }, disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Null once the receiver took it, else why the last attempt failed.</summary>
    public async Task<string?> SendAsync(string url, NotificationMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(message), NotificationJsonContext.Default.WebhookPayload);
        string? failure = null;
        for (var attempt = 0; attempt <= RetryDelays.Count; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(RetryDelays[attempt - 1], time, cancellationToken);
            }

            (failure, var retry) = await AttemptAsync(url, message, body, cancellationToken);
            if (failure is null || !retry)
            {
                return failure;
            }
        }

        return failure;
    }

    private async Task<(string? Failure, bool Retry)> AttemptAsync(string url, NotificationMessage message, byte[] body, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        // Header values must be ASCII; ntfy shows this as the notification's title.
        request.Headers.TryAddWithoutValidation("Title", Ascii(message.Title));
        request.Headers.TryAddWithoutValidation("X-Turtle-Harbor-Event", message.Event);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (null, false);
            }

            return ($"{Describe(url)} answered {code} {response.ReasonPhrase}", code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"{Describe(url)} did not answer within {AttemptTimeout.TotalSeconds:0} s", true);
        }
        catch (HttpRequestException e)
        {
            return ($"{Describe(url)}: {Errors.SystemErrorText.Of(e.InnerException ?? e)}", true);
        }
    }

    /// <summary>Scheme, host and port only: a path or query may carry a token.</summary>
    public static string Describe(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "the webhook";

    private static string Ascii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            ascii.Append(c is >= ' ' and < '\u007f' ? c : '?');
        }

        return ascii.ToString();
    }

    public void Dispose() => _http.Dispose();
}
