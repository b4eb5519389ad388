using System.Text;
using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Logging;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Tests.Logging.Loki;

public sealed class LokiScriptListenerTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Script_lines_arrive_with_the_capture_time_of_the_file_their_stream_and_the_script_labels()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 9, 11, 0, 0, 123, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Test+1", TimeSpan.FromHours(1), "Test+1", "Test+1"));
        await using var server = new LokiTestServer(time);
        await using var pusher = new LokiPusher(new LokiPusherOptions(server.Url, null, null, null, BatchSize: 4), time);
        var labels = new Dictionary<string, string> { ["job"] = "turtle-harbor", ["script"] = "web", ["project"] = "shop", ["host"] = "box" };
        var path = _files.PathOf("web.log");

        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(MaxLineLength: 10), time))
        {
            writer.AddListener(new LokiScriptListener(pusher, labels));
            await PumpAsync(writer, LogStream.Stdout, "hello\nthis line is long\n");
            await PumpAsync(writer, LogStream.Stderr, new byte[] { (byte)'b', (byte)'a', (byte)'d', (byte)' ', 0xFF, (byte)'\n' });
            writer.WriteEvent("exited: exit code 0");
        }

        var entries = (await server.WaitForAsync(r => r.Count == 1, "one batch of four", TimeSpan.FromSeconds(20)))[0].Entries;
        Assert.Equal(
            [
                ("stdout", "hello"),
                ("stdout", "this line  \u2026[truncated 7 bytes]"),
                ("stderr", "bad \uFFFD"),
                ("th", "exited: exit code 0"),
            ],
            entries.Select(e => (e.Label("stream")!, e.Line)));
        Assert.All(entries, e => Assert.Equal(
            new Dictionary<string, string> { ["job"] = "turtle-harbor", ["script"] = "web", ["project"] = "shop", ["host"] = "box", ["stream"] = e.Label("stream")! },
            e.Labels));
        Assert.All(entries, e => Assert.Equal(LokiRequestBuilder.UnixNanos(time.GetUtcNow()), e.UnixNanos));
        Assert.StartsWith("2026-02-09T12:00:00.123+01:00 [stdout] hello", File.ReadAllText(path));
    }

    private static Task PumpAsync(ScriptLogWriter writer, LogStream stream, string text) =>
        PumpAsync(writer, stream, Encoding.UTF8.GetBytes(text));

    private static async Task PumpAsync(ScriptLogWriter writer, LogStream stream, byte[] bytes)
    {
        var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
        var pump = writer.PumpAsync(readEnd, stream, CancellationToken.None);
        using (writeEnd)
        {
            await writeEnd.WriteAsync(bytes);
        }

        await pump.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
