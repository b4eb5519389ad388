namespace TurtleHarbor.Tests.Support;

/// <summary>What /proc says about live (non-zombie) processes: session, group and command line.</summary>
public static class ProcScan
{
    public sealed record Entry(int Pid, int Pgid, int Sid, string CommandLine);

    public static IReadOnlyList<Entry> Live()
    {
        var entries = new List<Entry>();
        foreach (var pid in ProcFs.Pids())
        {
            // Null: gone while we looked.
            if (ProcFs.Stat(pid) is { State: not ('Z' or 'X') } stat && ProcFs.CommandLine(pid) is { } cmdline)
            {
                entries.Add(new Entry(pid, stat.ProcessGroupId, stat.SessionId, cmdline));
            }
        }

        return entries;
    }

    public static IReadOnlyList<Entry> InSession(int sid) => [.. Live().Where(e => e.Sid == sid)];

    /// <summary>Distinct live process groups whose members' command line contains <paramref name="token"/>.</summary>
    public static IReadOnlyList<int> GroupsRunning(string token) =>
        [.. Live().Where(e => e.CommandLine.Contains(token, StringComparison.Ordinal)).Select(e => e.Pgid).Distinct()];

    public static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    /// <summary>
    /// Open descriptors other than the assembly images a JIT runtime opens as it loads code lazily (the first
    /// error path that needs System.Text.Encodings.Web maps it for good): a leak check counts connections and files.
    /// </summary>
    public static int OpenFdsExceptAssemblies(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Count(fd =>
    {
        try
        {
            return new FileInfo(fd).LinkTarget?.EndsWith(".dll", StringComparison.Ordinal) != true;
        }
        catch (IOException)
        {
            return false;
        }
    });

    /// <summary>What each open descriptor of <paramref name="pid"/> points at, for a failure message that says which ones stayed.</summary>
    public static string DescribeFds(int pid)
    {
        var targets = new List<string>();
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                targets.Add(new FileInfo(fd).LinkTarget ?? "?");
            }
            catch (IOException)
            {
                // Closed between the listing and the read.
            }
        }

        return string.Join(", ", targets.GroupBy(t => t.StartsWith("socket:", StringComparison.Ordinal) ? "socket" : t.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe" : t)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"));
    }

    public static void KillGroups(IEnumerable<Entry> entries)
    {
        foreach (var pgid in entries.Select(e => e.Pgid).Distinct())
        {
            Processes.KillGroup(pgid);
        }
    }
}
