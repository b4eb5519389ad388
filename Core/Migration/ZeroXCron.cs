namespace TurtleHarbor.Core.Migration;

/// <summary>
/// Turns a turtle-harbor 0.x cron expression into the form <see cref="Config.CronSchedule"/> reads with the same meaning.
/// 0.x parsed with the Rust <c>cron</c> crate: 6 fields, seconds first, plus an optional 7th year field, and days of
/// the week numbered 1 = Sunday .. 7 = Saturday (cron crate, src/time_unit/days_of_week.rs). This version uses
/// Cronos, where 0 = Sunday .. 6 = Saturday (7 is Sunday too), so numbers in the weekday field move down by one.
/// Names (SUN-SAT), <c>*</c>, <c>?</c> and step values mean the same in both and are kept.
/// </summary>
internal static class ZeroXCron
{
    private const int WeekdayField = 5;
    private const int YearField = 6;

    /// <summary>The converted expression and why it changed; <see cref="Notes"/> is empty when nothing changed.</summary>
    internal sealed record Conversion(string Expression, IReadOnlyList<string> Notes);

    /// <summary>
    /// Converts <paramref name="text"/>; null with <paramref name="error"/> set when no expression of this version
    /// means the same (a year other than <c>*</c>). Expressions that are not in 0.x's 6- or 7-field form (macros,
    /// 5 fields) are returned unchanged.
    /// </summary>
    public static Conversion? Convert(string text, out string? error)
    {
        error = null;
        var fields = text.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (6 or 7))
        {
            return new Conversion(text, []);
        }

        var notes = new List<string>();
        if (fields.Length == 7)
        {
            if (fields[YearField] != "*")
            {
                error = $"cron '{text.Trim()}' limits field 7 (year) to '{fields[YearField]}'; this version has no year "
                    + "field, so only a '*' year can be dropped: remove it or rewrite the schedule";
                return null;
            }

            notes.Add("the 7th field (year '*') dropped");
            fields = fields[..YearField];
        }

        var weekday = RenumberWeekdays(fields[WeekdayField]);
        if (weekday != fields[WeekdayField])
        {
            notes.Add($"weekday '{fields[WeekdayField]}' renumbered to '{weekday}' (0.x: 1 = Sunday, now 0 = Sunday)");
            fields[WeekdayField] = weekday;
        }

        return new Conversion(notes.Count == 0 ? text : string.Join(' ', fields), notes);
    }

    /// <summary>Whether <paramref name="text"/> has 7 fields, which only a 0.x config would have.</summary>
    public static bool HasYearField(string text) =>
        text.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length == 7;

    /// <summary>Whether the weekday field of a 6- or 7-field expression uses the number 0, which 0.x refused.</summary>
    public static bool HasSundayZero(string text)
    {
        var fields = text.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length is 6 or 7
            && fields[WeekdayField].Split(',').SelectMany(item => item.Split('/')[0].Split('-', '#')).Any(day => day == "0");
    }

    private static string RenumberWeekdays(string field) => string.Join(',', field.Split(',').Select(RenumberItem));

    private static string RenumberItem(string item)
    {
        var slash = item.IndexOf('/');
        var range = slash < 0 ? item : item[..slash];
        var step = slash < 0 ? "" : item[slash..];
        var hash = range.IndexOf('#');
        if (hash >= 0)
        {
            return Renumber(range[..hash]) + range[hash..] + step;
        }

        return string.Join('-', range.Split('-').Select(Renumber)) + step;
    }

    // 1..7 only: 0 or 8 were refused by 0.x, so such a file never ran; kept for validate to report.
    private static string Renumber(string token) =>
        int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 7
            ? (day - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : token;
}
