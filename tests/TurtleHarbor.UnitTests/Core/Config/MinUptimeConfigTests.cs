using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class MinUptimeConfigTests
{
    [Fact]
    public void Min_uptime_defaults_to_ten_seconds()
    {
        var spec = ConfigLoader.Parse("scripts:\n  web:\n    command: x\n", Path).Scripts[0];

        Assert.Equal(TimeSpan.FromSeconds(10), spec.MinUptime);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1.5)]
    public void Min_uptime_is_a_duration(string text, double seconds)
    {
        var spec = ConfigLoader.Parse($"scripts:\n  web:\n    command: x\n    min_uptime: {text}\n", Path).Scripts[0];

        Assert.Equal(TimeSpan.FromSeconds(seconds), spec.MinUptime);
    }

    [Theory]
    [InlineData("2h", "4:17: 'min_uptime' is too large (at most 1h), found '2h'")]
    [InlineData("3601", "4:17: 'min_uptime' is too large (at most 1h), found '3601'")]
    [InlineData("-1s", "4:17: 'min_uptime' must not be negative, found '-1s'")]
    [InlineData("soon", "4:17: 'min_uptime': bad duration 'soon'; " + Durations.Help)]
    public void A_min_uptime_that_is_too_large_negative_or_no_duration_is_refused_at_its_position(string text, string expected)
    {
        Assert.Equal(expected, Problem($"scripts:\n  web:\n    command: x\n    min_uptime: {text}\n"));
    }

    [Fact]
    public void A_changed_min_uptime_is_a_changed_field()
    {
        var before = ConfigLoader.Parse("scripts:\n  web:\n    command: x\n", Path).Scripts[0];
        var after = ConfigLoader.Parse("scripts:\n  web:\n    command: x\n    min_uptime: 1m\n", Path).Scripts[0];

        Assert.Equal(new[] { "min_uptime" }, ScriptSpecDiff.ChangedFields(before, after).ToArray());
        Assert.NotEqual(before, after);
    }

    [Theory]
    [InlineData(3600_000, "1h")]
    [InlineData(120_000, "2m")]
    [InlineData(90_000, "90s")]
    [InlineData(250, "250ms")]
    [InlineData(0, "0s")]
    public void Durations_format_in_their_shortest_spelling(int milliseconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
