using System.Text;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class LogLineSplitterTests
{
    private static List<(string Text, long Dropped)> Split(byte[] input, int maxLineLength, int chunkSize)
    {
        var splitter = new LogLineSplitter(maxLineLength);
        var lines = new List<(string, long)>();
        for (int offset = 0; offset < input.Length; offset += chunkSize)
        {
            var chunk = input.AsSpan(offset, Math.Min(chunkSize, input.Length - offset));
            while (!chunk.IsEmpty)
            {
                int used = splitter.Consume(chunk, out bool complete);
                chunk = chunk[used..];
                if (complete) lines.Add(Take(splitter));
            }
        }
        if (splitter.HasPartialLine) lines.Add(Take(splitter));
        return lines;
    }

    private static (string, long) Take(LogLineSplitter splitter)
    {
        var line = splitter.TakeLine(DateTimeOffset.UnixEpoch, LogStream.Stdout, fromPump: false);
        string text = line.Bytes is null ? "" : Encoding.UTF8.GetString(line.Bytes, 0, line.Length);
        return (text, line.DroppedBytes);
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
    public void A_long_line_is_cut_at_the_limit_and_counts_exactly_the_dropped_bytes(int chunkSize)
    {
        var lines = Split("0123456789ABCDEF\r\nok\n"u8.ToArray(), 10, chunkSize);

        Assert.Equal([("0123456789", 6L), ("ok", 0L)], lines);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_followed_by_CRLF_is_not_truncated()
    {
        Assert.Equal([("0123456789", 0L)], Split("0123456789\r\n"u8.ToArray(), 10, 4));
    }

    [Fact]
    public void The_cut_never_falls_inside_a_UTF8_sequence()
    {
        // "é" is 2 bytes and "€" 3: a cut at 10 bytes would split the euro sign (bytes 8..10).
        var lines = Split(Encoding.UTF8.GetBytes("éabcdef€xyz\n"), 10, 5);

        Assert.Equal([("éabcdef", 6L)], lines);
    }

    [Fact]
    public void A_lone_carriage_return_inside_a_line_is_kept()
    {
        Assert.Equal([("50%\r100%", 0L)], Split("50%\r100%\n"u8.ToArray(), 100, 2));
    }
}
