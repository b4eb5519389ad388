using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Migration;

namespace TurtleHarbor.Tests.Core.Migration;

public sealed class ZeroXCronTests
{
    // 2026-11-29 is a Sunday.
    private static readonly DateTime SundayMorning = new(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("0 */1 * * * * *", "0 */1 * * * *")]
    [InlineData("0 0 9 * * 1", "0 0 9 * * 0")]
    [InlineData("0 0 9 * * 2-6 *", "0 0 9 * * 1-5")]
    [InlineData("0 30 8 * * 1,7", "0 30 8 * * 0,6")]
    [InlineData("0 0 12 * * 1-7/2", "0 0 12 * * 0-6/2")]
    [InlineData("0 0 12 * * 3#2", "0 0 12 * * 2#2")]
    public void Seven_fields_and_weekday_numbers_become_this_versions_form(string zeroX, string expected)
    {
        var conversion = ZeroXCron.Convert(zeroX, out var error);

        Assert.Null(error);
        Assert.Equal(expected, conversion!.Expression);
        Assert.NotEmpty(conversion.Notes);
    }

    [Theory]
    [InlineData("0 0 9 * * MON-FRI")]
    [InlineData("0 */5 * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("@daily")]
    [InlineData("0 0 9 * * */2")]
    public void Names_stars_steps_macros_and_five_fields_stay(string text)
    {
        var conversion = ZeroXCron.Convert(text, out var error);

        Assert.Null(error);
        Assert.Equal(text, conversion!.Expression);
        Assert.Empty(conversion.Notes);
    }

    [Fact]
    public void A_year_other_than_star_is_refused_naming_field_7()
    {
        Assert.Null(ZeroXCron.Convert("0 0 9 * * 1 2027", out var error));
        Assert.Contains("field 7 (year)", error);
        Assert.Contains("'2027'", error);
    }

    [Fact]
    public void Cronos_counts_0_as_sunday_as_the_renumbering_assumes()
    {
        Assert.True(CronSchedule.TryParse("0 0 9 * * 0", out var sunday, out _));
        Assert.Equal(DayOfWeek.Sunday, sunday!.GetNextOccurrence(SundayMorning.AddDays(1))!.Value.DayOfWeek);
    }

    [Fact]
    public void Sunday_stays_sunday_and_2_to_6_stays_monday_to_friday()
    {
        // 0.x: "1" = Sunday, "2-6" = Monday..Friday (the cron crate's days_of_week.rs).
        var sunday = NextRuns(ZeroXCron.Convert("0 0 9 * * 1 *", out _)!.Expression, 4);
        var weekdays = NextRuns(ZeroXCron.Convert("0 0 9 * * 2-6", out _)!.Expression, 10);

        Assert.All(sunday, run => Assert.Equal(DayOfWeek.Sunday, run.DayOfWeek));
        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            weekdays.Select(r => r.DayOfWeek).Distinct().Order());
    }

    private static List<DateTime> NextRuns(string expression, int count)
    {
        Assert.True(CronSchedule.TryParse(expression, out var cron, out var error), error);
        var runs = new List<DateTime>();
        var from = SundayMorning;
        while (runs.Count < count)
        {
            from = cron!.GetNextOccurrence(from)!.Value;
            runs.Add(from);
        }

        return runs;
    }
}
