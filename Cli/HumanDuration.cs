namespace TurtleHarbor.Cli;

/// <summary>Short human durations for tables: 45s, 12m, 3h, 2d.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours}h"
            : $"{(int)span.TotalDays}d";
    }
}
