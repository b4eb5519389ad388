using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class LogLineParserTests
{
    [Fact]
    public void A_script_log_line_yields_its_timestamp_with_offset()
    {
        Assert.True(LogLineParser.TryParseTimestamp("2026-02-09T12:00:00.123+01:00 [stdout] hello world", out var ts));

        Assert.Equal(new DateTimeOffset(2026, 2, 9, 12, 0, 0, 123, TimeSpan.FromHours(1)), ts);
        Assert.Equal(new DateTimeOffset(2026, 2, 9, 11, 0, 0, 123, TimeSpan.Zero), ts.ToUniversalTime());
    }

    [Theory]
    [InlineData("")]
    [InlineData("no timestamp here")]
    [InlineData("2026-02-09 [stdout] x")]
    [InlineData("2026-02-09T12:00:00.123+01:00")]
    public void Anything_else_is_refused(string line)
    {
        Assert.False(LogLineParser.TryParseTimestamp(line, out _));
    }

    [Fact]
    public void The_fast_reading_agrees_with_the_general_parser_on_what_the_formatter_writes_and_on_near_misses()
    {
        var random = new Random(20261129);
        for (var i = 0; i < 5_000; i++)
        {
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1) / 15 * 15);
            var at = new DateTimeOffset(random.NextInt64(new DateTime(1, 1, 2).Ticks, new DateTime(9999, 12, 30).Ticks), TimeSpan.Zero).ToOffset(offset);
            at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));
            var text = at.ToString(LogLineFormatter.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture);

            Assert.True(LogLineParser.TryParseTimestamp(text + " [stdout] x", out var parsed), text);
            Assert.Equal(at, parsed);
            Assert.Equal(at.Offset, parsed.Offset);

            // One character changed: both readings refuse it or both give the same instant.
            var chars = text.ToCharArray();
            chars[random.Next(chars.Length)] = "0123456789+-:.TZ x"[random.Next(18)];
            var mutated = new string(chars);
            var general = DateTimeOffset.TryParseExact(mutated, LogLineFormatter.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var expected);
            var ours = LogLineParser.TryParseTimestamp(mutated + " [stdout] x", out var actual);
            Assert.True(general == ours, mutated);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData("2026-02-30T12:00:00.000+00:00 x")]
    [InlineData("2026-13-01T12:00:00.000+00:00 x")]
    [InlineData("2026-02-09T24:00:00.000+00:00 x")]
    [InlineData("2026-02-09T12:00:00.000+15:00 x")]
    [InlineData("0001-01-01T00:00:00.000+01:00 x")]
    public void An_impossible_date_time_or_offset_is_refused(string line)
    {
        Assert.False(LogLineParser.TryParseTimestamp(line, out _));
    }
}
