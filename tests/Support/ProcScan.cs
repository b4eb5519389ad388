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

    public static void KillGroups(IEnumerable<Entry> entries)
    {
        foreach (var pgid in entries.Select(e => e.Pgid).Distinct())
        {
            Processes.KillGroup(pgid);
        }
    }
}
