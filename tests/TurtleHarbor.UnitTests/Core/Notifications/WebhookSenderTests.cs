using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Core.Notifications;

namespace TurtleHarbor.Tests.Core.Notifications;

public sealed class WebhookSenderTests
{
    private static readonly NotificationMessage Message = new(
        "web", "/p/scripts.yml", "failed", 1, new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(1)),
        "th: web failed", "web failed: gave up restarting (exit code 1)", ["line 1", "line 2"]);

    [Fact(Timeout = 20_000)]
    public async Task A_receiver_that_answers_503_is_tried_again_after_1_s_then_5_s_on_the_given_clock()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var sender = new WebhookSender(time, handler);

        var sending = sender.SendAsync("http://hooks.example/x?token=secret", Message, CancellationToken.None);
        await handler.WaitForCallsAsync(1);
        time.Advance(TimeSpan.FromSeconds(1));
        await handler.WaitForCallsAsync(2);
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await sending);
        Assert.Equal(3, handler.Bodies.Count);
        using var body = JsonDocument.Parse(handler.Bodies[0]);
        var root = body.RootElement;
        Assert.Equal("web", root.GetProperty("script").GetString());
        Assert.Equal("/p/scripts.yml", root.GetProperty("config").GetString());
        Assert.Equal("failed", root.GetProperty("event").GetString());
        Assert.Equal(1, root.GetProperty("exit_code").GetInt32());
        Assert.Equal("2026-11-29T11:00:00.000Z", root.GetProperty("time").GetString());
        Assert.Equal(["line 1", "line 2"], root.GetProperty("log_lines").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("th: web failed", handler.Titles[0]);
        Assert.Equal("application/json", handler.ContentTypes[0]);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_4xx_answer_is_final_and_named_without_the_path_or_query()
    {
        var handler = new ScriptedHandler(HttpStatusCode.NotFound);
        using var sender = new WebhookSender(new FakeTimeProvider(), handler);

        var failure = await sender.SendAsync("http://hooks.example/x?token=secret", Message, CancellationToken.None);

        Assert.Equal("http://hooks.example:80 answered 404 Not Found", failure);
        Assert.Single(handler.Bodies);
    }

    [Fact(Timeout = 20_000)]
    public async Task After_four_failed_attempts_the_last_reason_is_given()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.TooManyRequests);
        using var sender = new WebhookSender(time, handler);

        var sending = sender.SendAsync("https://hooks.example/x", Message, CancellationToken.None);
        for (var call = 1; call <= 3; call++)
        {
            await handler.WaitForCallsAsync(call);
            time.Advance(WebhookSender.RetryDelays[call - 1]);
        }

        Assert.Equal("https://hooks.example:443 answered 429 Too Many Requests", await sending);
        Assert.Equal(4, handler.Bodies.Count);
    }

    /// <summary>Answers each request with the next status of its script (200 after the last) and records what it got.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        private readonly Queue<HttpStatusCode> _answers = new(answers);
        private readonly Lock _lock = new();
        private TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Bodies { get; } = [];
        public List<string?> Titles { get; } = [];
        public List<string?> ContentTypes { get; } = [];

        public async Task WaitForCallsAsync(int count)
        {
            while (true)
            {
                Task called;
                lock (_lock)
                {
                    if (Bodies.Count >= count)
                    {
                        return;
                    }

                    called = _called.Task;
                }

                await called.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            HttpStatusCode status;
            lock (_lock)
            {
                Bodies.Add(body);
                Titles.Add(request.Headers.TryGetValues("Title", out var titles) ? titles.Single() : null);
                ContentTypes.Add(request.Content.Headers.ContentType?.MediaType);
                status = _answers.Count > 0 ? _answers.Dequeue() : HttpStatusCode.OK;
                _called.TrySetResult();
                _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return new HttpResponseMessage(status);
        }
    }
}
