using static TurtleHarbor.Tests.Core.Config.ConfigTestFiles;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class ConfigLimitsTests
{
    [Theory]
    [InlineData("stop_timeout: 100000h", "'stop_timeout' is too large (at most 1h), found '100000h'")]
    [InlineData("stop_timeout: 61m", "'stop_timeout' is too large (at most 1h), found '61m'")]
    [InlineData("restart_delay: 3601", "'restart_delay' is too large (at most 1h), found '3601'")]
    [InlineData("restart_delay: 99999999999999999999999h", "'restart_delay' is too large (at most 1h), found '99999999999999999999999h'")]
    [InlineData("max_restarts: 99999999999", "'max_restarts' is too large (at most 2147483647), found '99999999999'")]
    public void A_value_over_its_limit_says_too_large(string line, string expected)
    {
        var problem = Problem($"scripts:\n  web:\n    command: ./web\n    {line}\n");

        Assert.Equal($"4:{line.IndexOf(": ", StringComparison.Ordinal) + 7}: {expected}", problem);
    }

    [Fact]
    public void One_hour_is_accepted_for_stop_timeout_and_restart_delay()
    {
        var config = TurtleHarbor.Core.Config.ConfigLoader.Parse(
            "scripts:\n  web:\n    command: ./web\n    stop_timeout: 1h\n    restart_delay: 3600\n", ConfigTestFiles.Path);

        Assert.Equal(TimeSpan.FromHours(1), config.Scripts[0].StopTimeout);
        Assert.Equal(TimeSpan.FromHours(1), config.Scripts[0].RestartDelay);
    }

    [Fact]
    public void A_size_over_its_limit_says_too_large()
    {
        Assert.Equal(
            "3:20: 'max_file_size' is too large (at most 1024GB), found '99999999999GB'",
            Problem("settings:\n  log:\n    max_file_size: 99999999999GB\n"));
    }

    [Fact]
    public void A_long_foreign_value_is_quoted_cut_at_60_characters()
    {
        var value = new string('x', 400);
        var problem = Problem($"scripts:\n  web:\n    command: ./web\n    restart_policy: {value}\n");

        Assert.Contains($"'{new string('x', 60)}…'", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 61), problem, StringComparison.Ordinal);
    }
}
