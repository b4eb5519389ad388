using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("5", 5_000)]
    [InlineData("0.5", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData(" 10 S ", 10_000)]
    [InlineData("0", 0)]
    public void Good_durations_parse(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("5 sec")]
    [InlineData("1e3")]
    [InlineData("1,5s")]
    [InlineData("five")]
    [InlineData("99999999999999h")]
    public void Bad_durations_are_refused(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }
}
