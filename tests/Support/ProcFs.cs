using System.Globalization;

namespace TurtleHarbor.Tests.Support;

/// <summary>The fields the tests read from /proc/&lt;pid&gt;/stat (proc_pid_stat(5), fields 3 to 6).</summary>
public readonly record struct ProcStatFields(int Pid, char State, int ParentPid, int ProcessGroupId, int SessionId);

/// <summary>
/// The tests' one /proc reader (Linux only): stat, status, fd and the list of processes. Independent of the
/// product's own parser (Core/Native/ProcStat) on purpose, so a bug there cannot hide in an assertion.
/// </summary>
public static class ProcFs
{
    /// <summary>The pids /proc lists now; any of them may be gone by the time it is read.</summary>
    public static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>Null when the process is gone (or went while we read).</summary>
    public static ProcStatFields? Stat(int pid)
    {
        try
        {
            // Field 2 (comm) is in parentheses and may hold spaces and ')': the fields start after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcStatFields(
                pid,
                fields[0][0],
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                int.Parse(fields[2], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/pid/stat), in clock ticks; null when the process is gone.</summary>
    public static long? CpuTicks(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3, so field N is fields[N - 3].
            return long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The command line, its NUL separators as spaces; null when the process is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string[] OpenFds(int pid) =>
        Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

    public static string FdTarget(int pid, int fd) =>
        new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "";

    /// <summary>A field of /proc/pid/status, e.g. "SigIgn".</summary>
    public static string StatusField(int pid, string name) =>
        File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    public static ulong SignalMask(int pid, string name) =>
        ulong.Parse(StatusField(pid, name), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
