namespace TurtleHarbor.Tests.Support;

/// <summary>What /proc says about live (non-zombie) processes: session, group and command line.</summary>
public static class ProcScan
{
    public sealed record Entry(int Pid, int Pgid, int Sid, string CommandLine);

    public static IReadOnlyList<Entry> Live()
    {
        var entries = new List<Entry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText($"{dir}/stat");
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is "Z" or "X")
                {
                    continue;
                }

                var cmdline = File.ReadAllText($"{dir}/cmdline").Replace('\0', ' ');
                entries.Add(new Entry(pid, int.Parse(fields[2]), int.Parse(fields[3]), cmdline));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone while we looked.
            }
        }

        return entries;
    }

    public static IReadOnlyList<Entry> InSession(int sid) => [.. Live().Where(e => e.Sid == sid)];

    /// <summary>Distinct live process groups whose members' command line contains <paramref name="token"/>.</summary>
    public static IReadOnlyList<int> GroupsRunning(string token) =>
        [.. Live().Where(e => e.CommandLine.Contains(token, StringComparison.Ordinal)).Select(e => e.Pgid).Distinct()];

    public static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    public static void KillGroups(IEnumerable<Entry> entries)
    {
        foreach (var pgid in entries.Select(e => e.Pgid).Distinct())
        {
            Processes.KillGroup(pgid);
        }
    }
}
