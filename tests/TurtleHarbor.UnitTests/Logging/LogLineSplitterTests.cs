using System.Text;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class LogLineSplitterTests
{
    /// <summary>Feeds <paramref name="input"/> in reads of <paramref name="chunkSize"/>, one batch per read as the pump does.</summary>
    private static List<(string Text, long Dropped)> Split(byte[] input, int maxLineLength, int chunkSize, int batchBytes = 1 << 20, int batchLines = LineBatch.MaxLines)
    {
        var splitter = new LogLineSplitter(maxLineLength);
        var lines = new List<(string, long)>();
        for (int offset = 0; offset < input.Length; offset += chunkSize)
        {
            ReadOnlySpan<byte> chunk = input.AsSpan(offset, Math.Min(chunkSize, input.Length - offset));
            while (!chunk.IsEmpty)
            {
                var batch = LineBatch.Rent(DateTimeOffset.UnixEpoch, LogStream.Stdout, batchBytes, batchLines);
                int used = splitter.Split(chunk, batch);
                Assert.True(used > 0 || batch.Lines.Length > 0, "no progress");
                chunk = chunk[used..];
                lines.AddRange(Drain(batch));
            }
        }
        if (splitter.HasPartialLine)
        {
            var last = LineBatch.Rent(DateTimeOffset.UnixEpoch, LogStream.Stdout, splitter.PartialLength, 1);
            splitter.TakeLine(last);
            lines.AddRange(Drain(last));
        }
        return lines;
    }

    private static List<(string, long)> Drain(LineBatch batch)
    {
        var lines = new List<(string, long)>();
        int offset = 0;
        foreach (var line in batch.Lines)
        {
            lines.Add((Encoding.UTF8.GetString(batch.Bytes.Slice(offset, line.Length)), line.DroppedBytes));
            offset += line.Length;
        }
        Assert.Equal(offset, batch.Bytes.Length);
        batch.Return();
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Lines_are_split_on_newline_whatever_the_chunking(int chunkSize)
    {
        var lines = Split("one\ntwo\r\n\nthree"u8.ToArray(), 100, chunkSize);

        Assert.Equal([("one", 0L), ("two", 0L), ("", 0L), ("three", 0L)], lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void A_long_line_is_cut_at_the_limit_and_counts_exactly_the_dropped_bytes(int chunkSize)
    {
        var lines = Split("0123456789ABCDEF\r\nok\n"u8.ToArray(), 10, chunkSize);

        Assert.Equal([("0123456789", 6L), ("ok", 0L)], lines);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(100)]
    public void A_line_of_exactly_the_limit_followed_by_CRLF_is_not_truncated(int chunkSize)
    {
        Assert.Equal([("0123456789", 0L)], Split("0123456789\r\n"u8.ToArray(), 10, chunkSize));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    public void The_cut_never_falls_inside_a_UTF8_sequence(int chunkSize)
    {
        // "é" is 2 bytes and "€" 3: a cut at 10 bytes would split the euro sign (bytes 8..10).
        var lines = Split(Encoding.UTF8.GetBytes("éabcdef€xyz\n"), 10, chunkSize);

        Assert.Equal([("éabcdef", 6L)], lines);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void A_line_with_lone_carriage_returns_keeps_what_a_terminal_shows_after_the_last(int chunkSize)
    {
        Assert.Equal([("100%", 0L)], Split("50%\r100%\n"u8.ToArray(), 100, chunkSize));
        Assert.Equal([("3/3", 0L), ("next", 0L)], Split("\r1/3\r2/3\r3/3\r\r\nnext\n"u8.ToArray(), 100, chunkSize));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_progress_bar_longer_than_the_line_limit_keeps_its_last_frame(int chunkSize)
    {
        var frames = string.Concat(Enumerable.Range(0, 500).Select(i => $"\r{i,3}% [{new string('#', i % 50),-50}]")) + "\n";
        var lines = Split(System.Text.Encoding.UTF8.GetBytes(frames), 100, chunkSize);
        Assert.Equal([($"499% [{new string('#', 49),-50}]", 0L)], lines);
    }

    [Fact]
    public void The_newline_of_a_line_written_early_adds_no_empty_line()
    {
        var splitter = new LogLineSplitter(100);
        var early = LineBatch.Rent(default, LogStream.Stdout, 64, 4);
        splitter.Carry("Password: "u8);
        splitter.TakePendingLine(early);
        var rest = LineBatch.Rent(default, LogStream.Stdout, 64, 4);
        Assert.Equal(5, splitter.Split("\r\nok\n"u8, rest));
        Assert.Equal(1, early.Lines.Length);
        Assert.Equal("Password: "u8.ToArray(), early.Bytes.ToArray());
        Assert.Equal(1, rest.Lines.Length);
        Assert.Equal("ok"u8.ToArray(), rest.Bytes.ToArray());
    }

    [Fact]
    public void A_line_split_across_reads_is_completed_in_the_batch_of_the_read_that_ends_it()
    {
        var splitter = new LogLineSplitter(100);
        var batches = new List<List<(string, long)>>();
        foreach (var read in new[] { "one\ntwo-"u8.ToArray(), "part\nthr"u8.ToArray(), "ee\n"u8.ToArray() })
        {
            var batch = LineBatch.Rent(DateTimeOffset.UnixEpoch, LogStream.Stdout, read.Length + splitter.PartialLength, 4);
            Assert.Equal(read.Length, splitter.Split(read, batch));
            batches.Add(Drain(batch));
        }

        Assert.Equal([[("one", 0L)], [("two-part", 0L)], [("three", 0L)]], batches);
        Assert.False(splitter.HasPartialLine);
    }

    [Theory]
    [InlineData(10_000, 64 * 1024)]
    [InlineData(10_000, 1000)]
    [InlineData(300_000, 64 * 1024)]
    public void A_line_longer_than_one_read_arrives_whole_or_cut_exactly(int lineLength, int chunkSize)
    {
        var input = Enumerable.Repeat((byte)'x', lineLength).Concat("\nnext\n"u8.ToArray()).ToArray();

        var lines = Split(input, maxLineLength: 100_000, chunkSize);

        long dropped = Math.Max(0, lineLength - 100_000);
        Assert.Equal([(new string('x', lineLength - (int)dropped), dropped), ("next", 0L)], lines);
    }

    [Fact]
    public void A_full_batch_stops_the_split_and_the_rest_goes_to_the_next_batch()
    {
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"line {i}\n")));

        var byLines = Split(input, 100, chunkSize: input.Length, batchLines: 7);
        var byBytes = Split(input, 100, chunkSize: input.Length, batchBytes: 20);

        var expected = Enumerable.Range(0, 50).Select(i => ($"line {i}", 0L)).ToList();
        Assert.Equal(expected, byLines);
        Assert.Equal(expected, byBytes);
    }
}
