using TurtleHarbor.Core.Native;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// The starts of one <c>up</c>, spawned together: <see cref="BringUp"/> queues a start instead of
/// spawning it while <see cref="_queuedStarts"/> is set, and <see cref="SpawnQueued"/> hands them to the
/// host at once (<see cref="IProcessHost.SpawnAll"/>, several in flight) and then makes each one a run,
/// in queue order. It all happens in one turn of the loop, so no other command or event sees a queued
/// script half started.
/// </summary>
internal sealed partial class DaemonCore
{
    /// <summary>Set while <see cref="Up"/> walks its targets; null otherwise (every start spawns at once).</summary>
    private List<QueuedStart>? _queuedStarts;

    /// <summary>
    /// Queues the start of <paramref name="script"/>. Returns why it cannot start when even its spawn
    /// request cannot be built, else null (the outcome comes from <see cref="SpawnQueued"/>).
    /// </summary>
    private string? QueueStart(List<QueuedStart> queue, ManagedScript script, RunTrigger trigger)
    {
        SpawnRequest request;
        try
        {
            request = SpawnRequestFor(script.Spec);
        }
        catch (Exception e) when (IsStartFailure(e))
        {
            return FailedToStart(script, trigger, e);
        }

        queue.Add(new QueuedStart(script, trigger, request));
        return null;
    }

    /// <summary>
    /// Spawns every queued start, then records each as <see cref="Start"/> would (run or failure) and
    /// gives its outcome to <paramref name="pending"/> at the index <see cref="Up"/> noted. Empties the queue.
    /// </summary>
    private void SpawnQueued(List<QueuedStart> queue, PendingOutcomes<ScriptOutcome> pending)
    {
        if (queue.Count == 0)
        {
            return;
        }

        // Counted once for the whole burst: the starts past the budget are refused before any spawns.
        var allowed = StartsWithinDescriptorBudget(queue.Count, out var refusal);
        var spawning = queue.GetRange(0, allowed);
        CreateLogFilesAhead(spawning);
        var attempts = _host.SpawnAll(spawning.Select(start => start.Request).ToArray());
        Exception? unexpected = null;
        for (var i = 0; i < queue.Count; i++)
        {
            var (script, trigger, _) = queue[i];
            string? error;
            if (i >= allowed)
            {
                // Refused to keep the daemon's reserve: retried by the restart policy, as a spawn out of descriptors is.
                error = FailedToStart(script, trigger, refusal!, intoScriptLog: false);
                ApplyRestartPolicy(script, ExitStatus.Unknown, TimeSpan.Zero);
            }
            else if (attempts[i] is { Process: { } process })
            {
                error = Started(script, trigger, process);
            }
            else if (attempts[i].Error is { } e && IsStartFailure(e))
            {
                error = FailedToStart(script, trigger, e);
                RetryIfOutOfDescriptors(script, e);
            }
            else
            {
                // A bug, not a failed start: the other children are made runs first, then it is thrown.
                unexpected ??= attempts[i].Error ?? new InvalidOperationException("a spawn returned neither a process nor an error");
                continue;
            }

            pending.Set(queue[i].OutcomeIndex, new ScriptOutcome(script.Key.Name, error is null ? OutcomeKind.Started : OutcomeKind.FailedToStart, script.Run?.Pid, error, null));
        }

        queue.Clear();
        if (unexpected is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unexpected);
        }
    }

    /// <summary>
    /// A start that ran out of descriptors (EMFILE, ENFILE) may well work once other scripts have ended:
    /// it goes through the restart policy like a failed restart (backoff, max_restarts). Any other failed
    /// start (a missing directory) stays failed until the next up, as it always has.
    /// </summary>
    private void RetryIfOutOfDescriptors(ManagedScript script, Exception e)
    {
        if (e is NativeCallException native && ErrnoMeaning.IsOutOfDescriptors(native.Errno, ErrnoTable.Host))
        {
            ApplyRestartPolicy(script, ExitStatus.Unknown, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Creates the burst's missing log files one after another on a thread of their own while the children
    /// spawn. Else each run's writer creates its file when its first line comes, hundreds at once on the
    /// thread pool, and they queue on the folder's lock: measured on ext4, 300 files in one folder take
    /// 30 ms of system time from one thread but over 100 ms from two (and several hundred in the daemon).
    /// A writer that gets there first creates its own, as it always does.
    /// </summary>
    private static void CreateLogFilesAhead(List<QueuedStart> queue)
    {
        if (queue.Count < 2)
        {
            return;
        }

        var paths = queue.Select(start => start.Script.LogPath).ToArray();
        new Thread(() => Array.ForEach(paths, ScriptLogWriter.CreateAhead), 256 * 1024) { IsBackground = true, Name = "th log files" }.Start();
    }

    /// <summary>A start <see cref="BringUp"/> queued; <see cref="OutcomeIndex"/> is its target's place in the reply.</summary>
    private sealed record QueuedStart(ManagedScript Script, RunTrigger Trigger, SpawnRequest Request)
    {
        public int OutcomeIndex { get; set; }
    }
}
