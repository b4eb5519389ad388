using System.Globalization;

namespace TurtleHarbor.Core.Native;

/// <summary>The fields th reads from Linux /proc/&lt;pid&gt;/stat (proc_pid_stat(5)).</summary>
/// <param name="StartTime">Field 22, clock ticks after boot.</param>
/// <param name="UserTicks">Field 14 (utime), clock ticks (sysconf(_SC_CLK_TCK)) in user mode.</param>
/// <param name="SystemTicks">Field 15 (stime), clock ticks in kernel mode.</param>
/// <param name="RssPages">Field 24 (rss), resident pages (the same count as VmRSS in /proc/PID/status).</param>
internal readonly record struct ProcStat(int Pid, char State, int ProcessGroupId, int SessionId, long StartTime, long UserTicks = 0, long SystemTicks = 0, long RssPages = 0)
{
    /// <summary>
    /// Every process /proc lists, read one by one (one pass shared by every caller that needs many
    /// processes at once: live groups, group members, resource samples). A process that vanished
    /// between the listing and the read is skipped.
    /// </summary>
    public static IEnumerable<ProcStat> ReadAll()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }

    /// <summary>Null when the process does not exist (or vanished while we read).</summary>
    public static ProcStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            // Not found, or ESRCH when the process is reaped between open and read.
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // /proc mounted with hidepid=1 hides another user's processes: cannot tell, so not ours.
            return null;
        }

        return Parse(pid, text);
    }

    /// <summary>Field 2 (comm) is in parentheses and may hold spaces and ')', so split after the last ')'.</summary>
    public static ProcStat? Parse(int pid, string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // fields[0] is field 3 (state), so field N is fields[N - 3].
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return null;
        }

        return new ProcStat(
            pid,
            fields[0][0],
            int.Parse(fields[5 - 3], CultureInfo.InvariantCulture),
            int.Parse(fields[6 - 3], CultureInfo.InvariantCulture),
            long.Parse(fields[22 - 3], CultureInfo.InvariantCulture),
            long.Parse(fields[14 - 3], CultureInfo.InvariantCulture),
            long.Parse(fields[15 - 3], CultureInfo.InvariantCulture),
            fields.Length > 24 - 3 ? long.Parse(fields[24 - 3], CultureInfo.InvariantCulture) : 0);
    }
}
