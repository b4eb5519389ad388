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
}
