using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace TurtleHarbor.Logging.Loki;

// The one loop that talks to Loki: wait for a batch, send it until it is accepted, refused, or the stop
// deadline aborts it.
internal sealed partial class LokiPusher
{
    private const int MaxErrorBodyChars = 500;

    private bool _errorCleared = true;

    private async Task RunAsync()
    {
        using var builder = new LokiRequestBuilder();
        var batch = new List<LokiEntry>(_options.BatchSize);
        try
        {
            while (await NextBatchAsync(batch))
            {
                Volatile.Write(ref _inFlight, batch.Count);
                try
                {
                    await SendAsync(builder, batch, _abort.Token);
                }
                catch (OperationCanceledException) when (_abort.IsCancellationRequested)
                {
                    Interlocked.Add(ref _droppedAtStop, batch.Count);
                    throw;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not a Loki answer but a bug or an odd runtime failure: lose this batch, keep the loop.
                    Interlocked.Add(ref _droppedByLoop, batch.Count);
                    RecordError($"push failed: {e.Message}");
                }
                finally
                {
                    batch.Clear();
                    Volatile.Write(ref _inFlight, 0);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // The stop deadline passed; StopAsync counts what is left.
        }
    }

    /// <summary>Waits until a batch is due and takes it; false once stopping with nothing left.</summary>
    private async Task<bool> NextBatchAsync(List<LokiEntry> batch)
    {
        while (true)
        {
            var changed = _queue.NextChange();
            var draining = _drain.Task.IsCompleted;
            var count = _queue.Count;
            if (count == 0)
            {
                if (draining)
                {
                    return false;
                }

                await Task.WhenAny(changed, _drain.Task);
                continue;
            }

            if (!draining && count < _options.BatchSize && _queue.OldestEnqueuedAt is { } oldest)
            {
                var due = oldest + _options.EffectiveFlushInterval;
                var wait = due - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var timer = new CancellationTokenSource();
                    var elapsed = Task.Delay(wait, _time, timer.Token);

                    // Checked again after arming: a fake clock may have moved between reading it and arming the timer.
                    if (_time.GetUtcNow() < due)
                    {
                        await Task.WhenAny(elapsed, changed, _drain.Task);
                    }

                    await timer.CancelAsync();
                    continue;
                }
            }

            _queue.Take(batch, _options.BatchSize);
            return true;
        }
    }

    private async Task SendAsync(LokiRequestBuilder builder, List<LokiEntry> batch, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> body;
        try
        {
            body = builder.Build(batch);
        }
        catch (Exception e)
        {
            Interlocked.Add(ref _droppedByLoop, batch.Count);
            RecordError($"cannot build a push request: {e.Message}");
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            var result = await PostAsync(body, cancellationToken);
            switch (result.Outcome)
            {
                case LokiSendOutcome.Accepted:
                    Interlocked.Add(ref _sent, batch.Count);
                    _errorCleared = true;
                    return;
                case LokiSendOutcome.Rejected:
                    Interlocked.Add(ref _droppedByLoop, batch.Count);
                    RecordError(result.Error!);
                    return;
            }

            RecordError(result.Error!);
            var delay = result.RetryAfter
                ?? LokiBackoff.Delay(attempt, _options.MinBackoff, _options.MaxBackoff, _random());
            var retry = Task.Delay(delay, _time, cancellationToken);
            RetryScheduled?.Invoke(delay);
            await retry;
        }
    }

    private async Task<LokiSendResult> PostAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _pushUri);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        request.Content = content;
        request.Headers.Authorization = _authorization;
        if (_options.TenantId is { } tenant)
        {
            request.Headers.Add("X-Scope-OrgID", tenant);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return LokiSendResult.Accepted;
            }

            var status = (int)response.StatusCode;
            var answer = await ReadAnswerAsync(response, timeout.Token);
            var error = string.Create(CultureInfo.InvariantCulture, $"{_pushUri} answered {status} {response.ReasonPhrase}: {answer}");
            return status == (int)HttpStatusCode.TooManyRequests || status >= 500
                ? new LokiSendResult(LokiSendOutcome.Retry, error, LokiBackoff.RetryAfter(response.Headers.RetryAfter, _time.GetUtcNow(), _options.MaxRetryAfter))
                : new LokiSendResult(LokiSendOutcome.Rejected, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LokiSendResult(LokiSendOutcome.Retry, $"{_pushUri}: no answer within {_options.RequestTimeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return new LokiSendResult(LokiSendOutcome.Retry, $"{_pushUri}: {e.Message}");
        }
    }

    private static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim().ReplaceLineEndings(" ");
            return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "…" : text;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "(no readable body)";
        }
    }
}
