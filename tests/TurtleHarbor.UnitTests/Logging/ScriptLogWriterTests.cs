using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public partial class ScriptLogWriterTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    /// <summary>The daemon's capture thread, in the subclass that runs these tests through it; null: a stream pump per pipe.</summary>
    private protected virtual PipeCapture? Capture => null;

    public virtual void Dispose() => _files.Dispose();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} \[(stdout|stderr|th)\] ")]
    private static partial Regex LinePrefix();

    private static FakeTimeProvider FixedTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 9, 11, 0, 0, 123, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Test+1", TimeSpan.FromHours(1), "Test+1", "Test+1"));
        return time;
    }

    private static async Task PumpBytesAsync(ScriptLogWriter writer, LogStream stream, params byte[][] chunks)
    {
        var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
        var pump = writer.PumpAsync(readEnd, stream, CancellationToken.None);
        using (writeEnd)
        {
            foreach (var chunk in chunks)
            {
                await writeEnd.WriteAsync(chunk);
                await writeEnd.FlushAsync();
            }
        }
        await pump.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static string[] ReadLines(string path) => File.ReadAllText(path).Split('\n')[..^1];

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    [Fact(Timeout = 30_000)]
    public async Task Lines_carry_a_local_timestamp_with_offset_and_their_stream_label()
    {
        string path = _files.PathOf("web.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), FixedTime(), capture: Capture))
        {
            await PumpBytesAsync(writer, LogStream.Stdout, "hello\n"u8.ToArray());
            await PumpBytesAsync(writer, LogStream.Stderr, "oops\n"u8.ToArray());
            writer.WriteEvent("started pid 42");
        }

        Assert.Equal(
            [
                "2026-02-09T12:00:00.123+01:00 [stdout] hello",
                "2026-02-09T12:00:00.123+01:00 [stderr] oops",
                "2026-02-09T12:00:00.123+01:00 [th] started pid 42",
            ],
            ReadLines(path));
        if (!OperatingSystem.IsWindows())
        {
            // 0640 or stricter (the umask may only take bits away); the owner can always read and write.
            const UnixFileMode allowed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            var mode = File.GetUnixFileMode(path);
            Assert.Equal(UnixFileMode.None, mode & ~allowed);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task With_the_system_clock_every_line_starts_with_an_ISO_8601_timestamp_and_a_label()
    {
        string path = _files.PathOf("sys.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            await PumpBytesAsync(writer, LogStream.Stdout, "a\nb\n"u8.ToArray());
            writer.WriteEvent("exited code 0");
        }

        var lines = ReadLines(path);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches(LinePrefix(), line));
        Assert.All(lines, line => Assert.True(LogLineParser.TryParseTimestamp(line, out _)));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_long_line_is_cut_and_marked_with_the_exact_number_of_dropped_bytes()
    {
        string path = _files.PathOf("long.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(MaxLineLength: 10), FixedTime(), capture: Capture))
        {
            await PumpBytesAsync(writer, LogStream.Stdout, "0123456789ABCDEF\nshort\n"u8.ToArray());
        }

        Assert.Equal(
            [
                "2026-02-09T12:00:00.123+01:00 [stdout] 0123456789 \u2026[truncated 6 bytes]",
                "2026-02-09T12:00:00.123+01:00 [stdout] short",
            ],
            ReadLines(path));
    }

    [Fact(Timeout = 30_000)]
    public async Task CRLF_invalid_UTF8_and_a_final_unterminated_line_are_handled()
    {
        string path = _files.PathOf("odd.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), FixedTime(), capture: Capture))
        {
            await PumpBytesAsync(writer, LogStream.Stdout,
                "dos line\r"u8.ToArray(), "\nbad "u8.ToArray(), [0xFF, 0x62, 0xC3, (byte)'\n'], "no newline at the end"u8.ToArray());
        }

        var text = ReadLines(path).Select(line => line[(line.IndexOf(']') + 2)..]).ToArray();
        Assert.Equal(["dos line", "bad \uFFFDb\uFFFD", "no newline at the end"], text);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_huge_write_without_newline_keeps_memory_flat()
    {
        const int chunkSize = 1024 * 1024;
        const int chunks = 200;
        string path = _files.PathOf("flood.log");
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            var chunk = new byte[chunkSize];
            chunk.AsSpan().Fill((byte)'x');
            using (writeEnd)
            {
                for (int i = 0; i < chunks; i++)
                {
                    await writeEnd.WriteAsync(chunk);
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                }
                await writeEnd.WriteAsync("\nafter\n"u8.ToArray());
            }
            await pump.WaitAsync(TimeSpan.FromSeconds(100));
        }

        var lines = ReadLines(path);
        Assert.EndsWith("[stdout] after", lines[^1]);
        // Usually one cut line; on a loaded machine the unfinished line may wait over 1 s and be written in
        // parts (CONTRACTS.md §6). Either way every byte is kept or counted as cut.
        long total = 0;
        foreach (var line in lines[..^1])
        {
            var match = Regex.Match(line, @"\[stdout\] (x*)(?: \u2026\[truncated (\d+) bytes\])?$");
            Assert.True(match.Success, line[..Math.Min(line.Length, 200)]);
            Assert.True(match.Groups[1].Length <= 8192);
            total += match.Groups[1].Length + (match.Groups[2].Success ? long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
        Assert.Equal((long)chunkSize * chunks, total);
        // 200 MB went through; a writer that built the line would hold all of it. Generous: other tests share the heap.
        Assert.True(peak - baseline < 100L * 1024 * 1024, $"managed heap grew by {(peak - baseline) / (1024 * 1024)} MB");
    }

    [Fact(Timeout = 30_000)]
    public async Task Rotation_keeps_max_files_and_never_splits_a_line()
    {
        string path = _files.PathOf("rot.log");
        var options = new ScriptLogOptions(MaxFileSize: 1000, MaxFiles: 3);
        await using (var writer = new ScriptLogWriter(path, options, FixedTime(), capture: Capture))
        {
            for (int i = 0; i < 200; i++) writer.WriteEvent($"event {i:D3}");
        }

        Assert.True(File.Exists(path + ".1"));
        Assert.True(File.Exists(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
        var numbers = new List<int>();
        foreach (string file in new[] { path + ".2", path + ".1", path })
        {
            Assert.InRange(new FileInfo(file).Length, 1, 1000);
            Assert.EndsWith("\n", File.ReadAllText(file));
            foreach (string line in ReadLines(file))
            {
                Assert.Matches(LinePrefix(), line);
                Assert.Matches(@"\[th\] event \d{3}$", line);
                numbers.Add(int.Parse(line[^3..]));
            }
        }
        Assert.Equal(199, numbers[^1]);
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        // Each file is full, within one line, before it is rotated.
        Assert.True(new FileInfo(path + ".1").Length > 1000 - 50);
    }

    [Fact(Timeout = 30_000)]
    public async Task Lines_are_flushed_within_200_ms_without_being_asked()
    {
        string path = _files.PathOf("timer.log");
        var time = FixedTime();
        var seen = new LineCollector();
        await using var writer = new ScriptLogWriter(path, new ScriptLogOptions(), time, capture: Capture);
        writer.AddListener(seen);

        writer.WriteEvent("buffered");
        await seen.FirstLine.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, SizeOf(path)); // the fake clock has not moved, so it is still buffered

        // The poll interval only paces the looks: the fake clock decides when the flush is due.
        await Eventually.TrueAsync(
            () => SizeOf(path) > 0,
            "the flush the clock made due",
            TimeSpan.FromSeconds(10),
            every: TimeSpan.FromMilliseconds(5),
            beforeEachRetry: () => time.Advance(TimeSpan.FromMilliseconds(200)));
        Assert.EndsWith("[th] buffered\n", File.ReadAllText(path));
    }

    [Fact(Timeout = 30_000)]
    public async Task Listeners_see_every_formatted_line_and_stop_after_removal()
    {
        string path = _files.PathOf("follow.log");
        var seen = new LineCollector();
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), FixedTime(), capture: Capture))
        {
            writer.AddListener(seen);
            await PumpBytesAsync(writer, LogStream.Stdout, "one\ntwo\n"u8.ToArray());
            await writer.FlushAsync(CancellationToken.None);
            writer.RemoveListener(seen);
            writer.WriteEvent("unseen");
        }

        Assert.Equal(
            ["2026-02-09T12:00:00.123+01:00 [stdout] one\n", "2026-02-09T12:00:00.123+01:00 [stdout] two\n"],
            seen.Lines);
    }

    private sealed class LineCollector : ILogLineListener
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _lines = [];

        public Task FirstLine => _first.Task;

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return [.. _lines]; }
        }

        public void OnLine(ReadOnlySpan<byte> formattedLine)
        {
            lock (_lines) _lines.Add(Encoding.UTF8.GetString(formattedLine));
            _first.TrySetResult();
        }
    }
}

/// <summary>The same tests with the daemon's capture thread (epoll, Linux) reading the pipes instead of a pump each.</summary>
public sealed class ScriptLogWriterCaptureTests : ScriptLogWriterTests
{
    private readonly PipeCapture? _capture = PipeCapture.TryStart();

    private protected override PipeCapture? Capture => _capture;

    public override void Dispose()
    {
        base.Dispose();
        _capture?.Dispose();
    }
}
