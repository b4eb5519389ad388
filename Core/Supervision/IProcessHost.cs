using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.State;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Everything <see cref="DaemonCore"/> asks of the operating system about processes: spawning a
/// run, signalling and probing its process group, telling one incarnation of a pid from the next,
/// reporting exits, and finding what a dead predecessor left in its session. The real one is
/// <see cref="NativeProcessHost"/>; tests run the core over an in-memory one.
/// </summary>
/// <remarks>Called from the core's loop only, except the exit callback, which runs on any thread.</remarks>
internal interface IProcessHost
{
    /// <summary>
    /// Starts reporting the exit of every child <see cref="Spawn"/> returns: <paramref name="onExit"/>
    /// gets its pid and status exactly once, on any thread, and must only post. Called once, before
    /// the first spawn; disposing the result stops the reports.
    /// </summary>
    IDisposable WatchExits(Action<int, ExitStatus> onExit);

    /// <summary>
    /// Starts a child leading its own process group and watches it for exit. Throws
    /// <see cref="NativeCallException"/> (or an IO exception) when it cannot start.
    /// </summary>
    HostedProcess Spawn(SpawnRequest request);

    /// <summary>
    /// <see cref="Spawn"/> for each request (several at once where the host can), one attempt per
    /// request in request order: its process, or the exception <see cref="Spawn"/> would have thrown.
    /// </summary>
    IReadOnlyList<SpawnAttempt> SpawnAll(IReadOnlyList<SpawnRequest> requests)
    {
        var attempts = new SpawnAttempt[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                attempts[i] = new SpawnAttempt(Spawn(requests[i]), null);
            }
            catch (Exception e)
            {
                attempts[i] = new SpawnAttempt(null, e);
            }
        }

        return attempts;
    }

    /// <summary>
    /// This daemon's soft RLIMIT_NOFILE (getrlimit), the count at which opening one more descriptor fails with
    /// EMFILE; null when unlimited or unknown.
    /// </summary>
    long? DescriptorLimit();

    /// <summary>How many descriptors this daemon holds now (/proc/self/fd, proc_pidinfo on macOS); null when it cannot tell.</summary>
    int? CountOpenDescriptors();

    /// <summary>Sends <paramref name="signal"/> to process group <paramref name="pgid"/> (killpg); false when the group is gone.</summary>
    bool SignalGroup(int pgid, Signal signal);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/> alone (kill); false when it is gone.</summary>
    bool SignalProcess(int pid, Signal signal);

    /// <summary>
    /// Whether group <paramref name="pgid"/> has a member other than a zombie, deciding from
    /// <paramref name="liveGroups"/> (one pass over every process, shared by many checks) when the
    /// signal probe alone cannot tell.
    /// </summary>
    bool HasLiveMembers(int pgid, Func<IReadOnlySet<int>> liveGroups);

    /// <summary>
    /// How many processes of group <paramref name="pgid"/> are alive, zombies not counted on Linux
    /// (one pass over /proc; proc_listpids on macOS, where a zombie still counts); 0 when it is gone.
    /// </summary>
    int CountLiveMembers(int pgid);

    /// <summary>The process groups that have a member other than a zombie (one pass over /proc on Linux).</summary>
    IReadOnlySet<int> LiveGroups();

    /// <summary>
    /// CPU time and resident memory of every live member of each group in <paramref name="pgids"/>
    /// (one pass over /proc on Linux whatever their number; proc_listpids and proc_pidinfo on macOS);
    /// a group with no live member is absent. Never throws for a process that vanished or is not ours.
    /// </summary>
    IReadOnlyDictionary<int, GroupUsage> SampleGroups(IReadOnlyCollection<int> pgids);

    /// <summary>An opaque start time that tells one incarnation of <paramref name="pid"/> from the next; null when there is no such process.</summary>
    long? GetStartTime(int pid);

    /// <summary>kill(pid, 0): whether a process with this pid exists (one we may not signal counts).</summary>
    bool IsAlive(int pid);

    /// <summary>This daemon's pid, session id and start time, recorded for a successor.</summary>
    DaemonSession OwnSession();

    /// <summary>Process groups still alive in the session of <paramref name="previous"/>, a predecessor that led its session and is gone.</summary>
    IReadOnlyList<int> SessionLeftovers(DaemonSession previous);
}
