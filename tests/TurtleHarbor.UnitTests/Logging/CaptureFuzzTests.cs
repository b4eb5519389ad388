using System.Text;
using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

/// <summary>
/// The fast capture path (the pump's splitter, batches of bounded size, the formatter, and the whole writer over
/// a pipe) against <see cref="ReferenceCapture"/>, a plain reading of CONTRACTS.md §6, on seeded random byte
/// streams: random line lengths (over the limit too), lone and trailing <c>\r</c>, control bytes, invalid and
/// cut UTF-8, random read and batch boundaries. A failure names the seed, so it replays.
/// </summary>
public class CaptureFuzzTests : IDisposable
{
    private static readonly byte[] Timestamp = "2026-02-09T12:00:00.123+01:00"u8.ToArray();

    private readonly LogTestFiles _files = new();

    /// <summary>The daemon's capture thread, in the subclass that runs these tests through it; null: a stream pump per pipe.</summary>
    private protected virtual PipeCapture? Capture => null;

    public virtual void Dispose() => _files.Dispose();

    [Fact]
    public void The_splitter_and_formatter_match_the_reference_on_random_streams()
    {
        for (int seed = 1; seed <= 3000; seed++)
        {
            var random = new Random(seed);
            int maxLineLength = random.Next(4) switch { 0 => random.Next(1, 8), 1 => random.Next(8, 64), _ => random.Next(64, 400) };
            byte[] input = RandomStream(random, maxLineLength);

            string expected = ReferenceCapture.Format(input, maxLineLength, Timestamp, "stdout");
            string actual = FastPath(input, maxLineLength, random);

            Assert.True(expected == actual, $"seed {seed} (max_line_length {maxLineLength}, input {Convert.ToHexString(input)}):\nexpected\n{expected}\nactual\n{actual}");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task The_writer_over_a_pipe_matches_the_reference_on_random_streams()
    {
        for (int seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed * 7919);
            int maxLineLength = random.Next(2) == 0 ? random.Next(1, 64) : random.Next(64, 400);
            // Long enough for some reads to fill the small and the large read block, and the default pipe.
            var input = new MemoryStream();
            int targetLength = random.Next(3) == 0 ? random.Next(70_000, 400_000) : random.Next(0, 5_000);
            while (input.Length < targetLength) input.Write(RandomStream(random, maxLineLength));
            byte[] bytes = input.ToArray();

            string path = _files.PathOf($"fuzz-{seed}.log");
            // A frozen clock: a line the pipe delivers in pieces must not be written early as a pending one
            // (after 1 s, CONTRACTS §6) when the machine is slow; that rule has tests of its own.
            var frozen = new FakeTimeProvider(new DateTimeOffset(2026, 2, 9, 11, 0, 0, TimeSpan.Zero));
            await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(MaxLineLength: maxLineLength, MaxFileSize: long.MaxValue), frozen, capture: Capture))
            {
                var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
                var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
                using (writeEnd)
                {
                    for (int offset = 0; offset < bytes.Length;)
                    {
                        int size = Math.Min(bytes.Length - offset, random.Next(3) == 0 ? random.Next(1, 16) : random.Next(1, 100_000));
                        await writeEnd.WriteAsync(bytes.AsMemory(offset, size));
                        offset += size;
                    }
                }
                await pump.WaitAsync(TimeSpan.FromSeconds(60));
            }

            string expected = ReferenceCapture.Format(bytes, maxLineLength, timestamp: [], "stdout");
            string actual = File.Exists(path) ? WithoutTimestamps(await File.ReadAllTextAsync(path)) : "";
            Assert.True(expected == actual, $"seed {seed * 7919}: the log differs from the reference (first difference at {FirstDifference(expected, actual)})");
        }
    }

    /// <summary>Lines of random shape: plain text, multi-byte UTF-8, cut or invalid sequences, controls, \r, long runs.</summary>
    private static byte[] RandomStream(Random random, int maxLineLength)
    {
        var bytes = new List<byte>();
        int lines = random.Next(0, 12);
        for (int i = 0; i < lines; i++)
        {
            int length = random.Next(5) switch
            {
                0 => 0,
                1 => random.Next(maxLineLength - 3, maxLineLength + 4),
                2 => random.Next(maxLineLength, maxLineLength * 3 + 2),
                _ => random.Next(1, Math.Max(2, maxLineLength)),
            };
            int start = bytes.Count;
            while (bytes.Count - start < length) AddPiece(random, bytes);
            bool last = i == lines - 1;
            if (!last || random.Next(3) != 0)
            {
                if (random.Next(4) == 0) bytes.AddRange(Enumerable.Repeat((byte)'\r', random.Next(1, 3)));
                bytes.Add((byte)'\n');
            }
        }
        return bytes.ToArray();
    }

    private static void AddPiece(Random random, List<byte> bytes)
    {
        switch (random.Next(12))
        {
            case 0: bytes.AddRange("é"u8.ToArray()); break;
            case 1: bytes.AddRange("€"u8.ToArray()); break;
            case 2: bytes.AddRange("🐢"u8.ToArray()); break;
            case 3: bytes.Add((byte)random.Next(0x80, 0x100)); break; // a stray continuation or lead byte
            case 4: bytes.AddRange("🐢"u8.ToArray()[..random.Next(1, 4)]); break; // a cut sequence
            case 5: bytes.Add((byte)'\r'); break;
            case 6: bytes.Add((byte)random.Next(0, 0x20) is var c && c != '\n' ? (byte)c : (byte)'\t'); break;
            case 7: bytes.Add(0x1B); break;
            default: bytes.Add((byte)random.Next(0x20, 0x7F)); break;
        }
    }

    /// <summary>The splitter as the pump drives it: random reads, batches of random (but valid) capacity, EOF.</summary>
    private static string FastPath(byte[] input, int maxLineLength, Random random)
    {
        var splitter = new LogLineSplitter(maxLineLength);
        var output = new StringBuilder();
        for (int offset = 0; offset < input.Length;)
        {
            int size = Math.Min(input.Length - offset, random.Next(1, 64));
            ReadOnlySpan<byte> chunk = input.AsSpan(offset, size);
            offset += size;
            while (!chunk.IsEmpty)
            {
                // A batch always has room for one line cut at the limit (as NewBatchAsync guarantees).
                var batch = LineBatch.Rent(default, LogStream.Stdout, random.Next(0, 64), random.Next(1, 4), byteLimit: maxLineLength + random.Next(0, 64));
                // As the pumps do: a read found clean skips the per-line \r handling and sanitizing.
                int used = splitter.Split(chunk, batch, LogLineSplitter.IsClean(chunk));
                Assert.True(used > 0 || batch.Lines.Length > 0, "no progress");
                chunk = chunk[used..];
                Render(batch, output);
            }
        }
        if (splitter.HasPartialLine)
        {
            var last = LineBatch.Rent(default, LogStream.Stdout, splitter.PartialLength, 1);
            splitter.TakeLine(last);
            Render(last, output);
        }
        return output.ToString();
    }

    private static void Render(LineBatch batch, StringBuilder output)
    {
        var bytes = batch.Bytes;
        int offset = 0;
        foreach (var line in batch.Lines)
        {
            var content = bytes.Slice(offset, line.Length);
            var formatted = new byte[LogLineFormatter.MaxFormattedLength(content.Length)];
            int length = LogLineFormatter.Format(formatted, Timestamp, LogStream.Stdout, content, line.DroppedBytes, out _, batch.AllClean);
            output.Append(Encoding.UTF8.GetString(formatted, 0, length));
            offset += line.Length;
        }
        batch.Return();
    }

    private static string WithoutTimestamps(string log) =>
        string.Concat(log.Split('\n')[..^1].Select(line => line[line.IndexOf(' ')..] + "\n"));

    private static int FirstDifference(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}

/// <summary>The same tests with the daemon's capture thread (epoll, Linux) reading the pipes instead of a pump each.</summary>
public sealed class CaptureFuzzThroughCaptureThreadTests : CaptureFuzzTests
{
    private readonly PipeCapture? _capture = PipeCapture.TryStart();

    private protected override PipeCapture? Capture => _capture;

    public override void Dispose()
    {
        base.Dispose();
        _capture?.Dispose();
    }
}
