using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("30 */5 * * * *")]
    [InlineData("@hourly")]
    [InlineData("@daily")]
    [InlineData("0 9 * * MON-FRI")]
    public void Five_or_six_fields_and_macros_parse(string text)
    {
        Assert.True(CronSchedule.TryParse(text, out var expression, out var error), error);
        Assert.NotNull(expression);
    }

    [Fact]
    public void Six_fields_put_seconds_first()
    {
        Assert.True(CronSchedule.TryParse("30 * * * * *", out var expression, out _));

        var next = expression!.GetNextOccurrence(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 30, DateTimeKind.Utc), next);
    }

    [Theory]
    [InlineData("@every 5m", "not a cron expression")]
    [InlineData("* * * *", "4 field(s)")]
    [InlineData("* * * * * * *", "7 field(s)")]
    [InlineData("60 * * * *", "invalid cron expression")]
    [InlineData("@sometimes", "unknown cron macro")]
    public void Bad_expressions_say_why(string text, string reason)
    {
        Assert.False(CronSchedule.TryParse(text, out var expression, out var error));
        Assert.Null(expression);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4 *")]
    public void A_valid_schedule_that_never_fires_is_a_validate_warning_not_a_problem(string cron)
    {
        var report = ConfigLoader.ReviewText($"scripts:\n  job:\n    command: x\n    cron: \"{cron}\"\n", "/proj/scripts.yml");

        Assert.NotNull(report.Config);
        Assert.Empty(report.Problems);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal((4, 11), (warning.Line, warning.Column));
        Assert.Equal($"cron expression '{cron}' has no run in the next 5 years; the script would never start", warning.Message);
    }

    [Fact]
    public void A_yearly_schedule_and_29_february_are_not_warned_about()
    {
        var report = ConfigLoader.ReviewText("scripts:\n  a:\n    command: x\n    cron: \"0 0 29 2 *\"\n  b:\n    command: x\n    cron: \"@yearly\"\n", "/proj/scripts.yml");

        Assert.Empty(report.Warnings);
    }
}
