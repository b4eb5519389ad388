using System.Text;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

/// <summary>The pump posts one batch per read: lines, order and backpressure must come out as per line.</summary>
public class ScriptLogWriterBatchingTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    /// <summary>The daemon's capture thread, in the subclass that runs these tests through it; null: a stream pump per pipe.</summary>
    private protected virtual PipeCapture? Capture => null;

    public virtual void Dispose() => _files.Dispose();

    private static string[] TextsOf(string path) =>
        File.ReadAllText(path).Split('\n')[..^1].Select(line => line[(line.IndexOf(' ') + 1)..]).ToArray();

    private static byte[] Lines(int from, int count, int width = 0) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(from, count).Select(i => $"{i.ToString().PadLeft(width, '0')}\n")));

    [Fact(Timeout = 60_000)]
    public async Task A_read_with_more_lines_than_one_batch_holds_keeps_them_all_in_order()
    {
        string path = _files.PathOf("many.log");
        // 30,000 lines of 6 bytes in one write: reads of up to 256 KiB hold more lines than a batch takes.
        var data = Lines(0, 30_000, width: 5);
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            using (writeEnd) await writeEnd.WriteAsync(data);
            await pump.WaitAsync(TimeSpan.FromSeconds(50));
        }

        Assert.Equal(Enumerable.Range(0, 30_000).Select(i => $"[stdout] {i:D5}"), TextsOf(path));
    }

    [Fact(Timeout = 60_000)]
    public async Task Lines_split_across_reads_and_a_line_longer_than_a_read_arrive_whole()
    {
        string path = _files.PathOf("split.log");
        var big = new string('y', 150_000);
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(MaxLineLength: 200_000), TimeProvider.System, capture: Capture))
        {
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            using (writeEnd)
            {
                foreach (var part in new[] { "hel", "lo\nwor", "ld\n" + big[..70_000], big[70_000..], "\ntail" })
                {
                    await writeEnd.WriteAsync(Encoding.ASCII.GetBytes(part));
                    await writeEnd.FlushAsync();
                }
            }
            await pump.WaitAsync(TimeSpan.FromSeconds(50));
        }

        Assert.Equal(["[stdout] hello", "[stdout] world", "[stdout] " + big, "[stdout] tail"], TextsOf(path));
    }

    [Fact(Timeout = 60_000)]
    public async Task Supervisor_events_and_batches_keep_the_order_they_were_posted_in_for_file_and_listeners()
    {
        string path = _files.PathOf("order.log");
        var followed = new Collector();
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            writer.AddListener((ILogLineListener)followed);
            writer.AddListener((ILogEntryListener)followed);
            writer.WriteEvent("started");
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            using (writeEnd)
            {
                await writeEnd.WriteAsync("a\nb\n"u8.ToArray());
                await followed.WaitForAsync("b").WaitAsync(TimeSpan.FromSeconds(30));
                writer.WriteEvent("middle");
                await writeEnd.WriteAsync("c\nd"u8.ToArray());
                await followed.WaitForAsync("c").WaitAsync(TimeSpan.FromSeconds(30));
                writer.WriteEvent("before the unterminated line");
            }
            await pump.WaitAsync(TimeSpan.FromSeconds(30));
            writer.WriteEvent("exited");
        }

        string[] expected =
        [
            "[th] started", "[stdout] a", "[stdout] b", "[th] middle", "[stdout] c",
            "[th] before the unterminated line", "[stdout] d", "[th] exited",
        ];
        Assert.Equal(expected, TextsOf(path));
        Assert.Equal(File.ReadAllText(path), string.Concat(followed.Formatted));
        Assert.Equal(expected.Select(e => e[(e.IndexOf(' ') + 1)..]), followed.Entries);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_blocked_writer_makes_the_pump_stop_reading_and_loses_nothing()
    {
        string path = _files.PathOf("slow.log");
        const int lineCount = 80_000; // 8 MB of 100-byte lines: far more than the pipe and the batches in flight hold
        var gated = new GatedStream(path);
        long written = 0;
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(MaxFileSize: 1L << 40), TimeProvider.System, _ => gated, Capture))
        {
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            var producer = Task.Run(async () =>
            {
                using (writeEnd)
                {
                    for (int i = 0; i < lineCount; i += 1000)
                    {
                        var chunk = Lines(i, 1000, width: 99);
                        await writeEnd.WriteAsync(chunk);
                        Interlocked.Add(ref written, chunk.Length);
                    }
                }
            });

            await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            // Nothing to wait for here: the point is that the producer does not get far while the disk is stuck.
            var finished = await Task.WhenAny(producer, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.NotSame(producer, finished);
            // In flight at most: the pipe grown to 1 MiB, four batches and a read block of 256 KiB each, and
            // the writer's 256 KiB buffer (about 2.5 MiB); the producer writes 8 MB.
            Assert.InRange(Interlocked.Read(ref written), 0, 4L * 1024 * 1024);

            gated.Open();
            await producer.WaitAsync(TimeSpan.FromSeconds(50));
            await pump.WaitAsync(TimeSpan.FromSeconds(50));
        }

        Assert.Equal(Enumerable.Range(0, lineCount).Select(i => "[stdout] " + i.ToString().PadLeft(99, '0')), TextsOf(path));
    }

    /// <summary>A log file whose writes hang until the test opens the gate: a stuck disk.</summary>
    private sealed class GatedStream(string path) : Stream
    {
        private readonly FileStream _file = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        private readonly ManualResetEventSlim _gate = new();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Open() => _gate.Set();

        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _file.Length;
        public override long Position { get => _file.Position; set => throw new NotSupportedException(); }
        public override void Flush() => _file.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => _file.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            _entered.TrySetResult();
            _gate.Wait(TimeSpan.FromSeconds(50)); // bounded, so a broken test cannot hang the writer loop forever
            _file.Write(buffer, offset, count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
                _gate.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class Collector : ILogLineListener, ILogEntryListener
    {
        private readonly List<string> _formatted = [];
        private readonly List<string> _entries = [];
        private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

        public IReadOnlyList<string> Formatted
        {
            get { lock (_formatted) return [.. _formatted]; }
        }

        public IReadOnlyList<string> Entries
        {
            get { lock (_formatted) return [.. _entries]; }
        }

        public Task WaitForAsync(string text)
        {
            lock (_formatted)
            {
                if (_entries.Contains(text)) return Task.CompletedTask;
                var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((text, seen));
                return seen.Task;
            }
        }

        public void OnLine(ReadOnlySpan<byte> formattedLine)
        {
            lock (_formatted) _formatted.Add(Encoding.UTF8.GetString(formattedLine));
        }

        public void OnEntry(DateTimeOffset time, LogStream stream, ReadOnlySpan<byte> text)
        {
            string entry = Encoding.UTF8.GetString(text);
            lock (_formatted)
            {
                _entries.Add(entry);
                foreach (var waiter in _waiters.Where(w => w.Text == entry)) waiter.Seen.TrySetResult();
            }
        }
    }
}

/// <summary>The same tests with the daemon's capture thread (epoll, Linux) reading the pipes instead of a pump each.</summary>
public sealed class ScriptLogWriterBatchingCaptureTests : ScriptLogWriterBatchingTests
{
    private readonly PipeCapture? _capture = PipeCapture.TryStart();

    private protected override PipeCapture? Capture => _capture;

    public override void Dispose()
    {
        base.Dispose();
        _capture?.Dispose();
    }
}
