using System.Runtime.InteropServices;

namespace TurtleHarbor.Tests.Support;

/// <summary>Test-side process checks and cleanup, by pid and process group only (never by name).</summary>
public static partial class Processes
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigInt = 2;

    // Linux's number (x86_64 and arm64); macOS has 17. Its one user is a Linux-only test.
    private const int SigStopLinux = 19;

    public static bool IsAlive(int pid) => kill(pid, 0) == 0 && !IsZombie(pid);

    /// <summary>Live members of a process group, zombies excluded (PID 1 of a container may never reap them).</summary>
    public static IReadOnlyList<int> GroupMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var pid in ProcFs.Pids())
        {
            if (ProcFs.Stat(pid) is { } s && s.ProcessGroupId == pgid && s.State != 'Z')
            {
                members.Add(pid);
            }
        }

        return members;
    }

    public static int? ParentOf(int pid) => ProcFs.Stat(pid)?.ParentPid;

    public static void Kill(int pid) => kill(pid, SigKill);

    public static void Terminate(int pid) => kill(pid, SigTerm);

    public static void Interrupt(int pid) => kill(pid, SigInt);

    /// <summary>
    /// SIGSTOP (Linux): the process runs no more code until continued; a SIGKILL still ends it at once. The stop
    /// reaches its threads one by one (the first to take the signal stops the others), so wait for <see cref="IsFrozen"/>.
    /// </summary>
    public static void Freeze(int pid) => kill(pid, SigStopLinux);

    /// <summary>Every thread of the process is stopped (state T in /proc/pid/task/*/stat), or the process is gone.</summary>
    public static bool IsFrozen(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").All(task =>
            {
                var text = File.ReadAllText(Path.Combine(task, "stat"));
                return text[text.LastIndexOf(')') + 2] == 'T';
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process or one of its threads went away between the listing and the read.
            return !IsAlive(pid);
        }
    }

    /// <summary>Resident set size of a process in bytes, from /proc.</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public static void KillGroup(int pgid)
    {
        if (pgid > 1)
        {
            kill(-pgid, SigKill);
        }
    }

    public static bool IsZombie(int pid) => ProcFs.Stat(pid) is { State: 'Z' };

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
