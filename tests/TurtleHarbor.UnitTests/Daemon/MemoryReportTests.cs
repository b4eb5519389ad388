using TurtleHarbor.Daemon;

namespace TurtleHarbor.Tests.Daemon;

public sealed class MemoryReportTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("30", 30)]
    [InlineData("3600", 3600)]
    public void A_whole_number_of_seconds_turns_the_report_on(string value, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), MemoryReport.Interval(name => name == MemoryReport.Variable ? value : null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("3601")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("yes")]
    public void Anything_else_leaves_it_off(string? value)
    {
        Assert.Null(MemoryReport.Interval(_ => value));
    }
}
