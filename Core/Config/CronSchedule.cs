using Cronos;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// The one place that turns a <c>cron:</c> string into a Cronos expression, so the validator and the
/// scheduler agree: 5 fields, 6 with seconds first, or a macro such as <c>@hourly</c>.
/// </summary>
internal static class CronSchedule
{
    public static bool TryParse(string text, out CronExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{Quoted.Cut(trimmed)}' is not a cron expression (@every is a Go/systemd interval, not cron); "
                + "write it as fields, e.g. \"*/5 * * * *\" for every 5 minutes";
            return false;
        }

        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var isMacro = trimmed.StartsWith('@');
        if (!isMacro && fields is not (5 or 6))
        {
            error = $"cron expression '{Quoted.Cut(trimmed)}' has {fields} field(s); use 5 (minute hour day month weekday), "
                + "6 with seconds first, or a macro such as @hourly or @daily";
            return false;
        }

        if (CronExpression.TryParse(trimmed, format, out var parsed))
        {
            expression = parsed;
            return true;
        }

        error = isMacro
            ? $"unknown cron macro '{Quoted.Cut(trimmed)}'; use @yearly, @monthly, @weekly, @daily, @hourly, @every_minute or @every_second"
            : $"invalid cron expression '{Quoted.Cut(trimmed)}'";
        return false;
    }

    /// <summary>How far ahead validate looks for a run before it warns that an expression never fires.</summary>
    public const int NeverHorizonYears = 5;

    public static readonly TimeSpan NeverHorizon = TimeSpan.FromDays(365.25 * NeverHorizonYears);

    /// <summary>Whether the expression fires (in UTC; a zone moves it by hours, not years) within <paramref name="horizon"/> after <paramref name="from"/>.</summary>
    public static bool RunsWithin(CronExpression expression, DateTimeOffset from, TimeSpan horizon) =>
        expression.GetNextOccurrence(from, TimeZoneInfo.Utc) is { } next && next - from <= horizon;
}
