using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One run of a script: its process group from spawn until the group is gone. While its leader
/// lives it is the script's <see cref="ManagedScript.Run"/>; once its exit is recorded with members
/// still in the group it is one of the script's <see cref="ManagedScript.Leftovers"/> until they are
/// gone too. Owned by the core loop; nothing here is touched from another thread.
/// </summary>
internal sealed class ScriptRun(long instance, int pid, int pgid, long? startTime, DateTimeOffset startedAt, RunTrigger trigger)
{
    public long Instance { get; } = instance;
    public int Pid { get; } = pid;
    public int Pgid { get; } = pgid;

    /// <summary>The OS's start time of the leader, so a recycled pid is never taken for this run.</summary>
    public long? StartTime { get; } = startTime;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public RunTrigger Trigger { get; } = trigger;

    /// <summary>Set once a command or the shutdown stopped it: the exit that follows was asked for.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Set once the stop signal went to the group (asked for, or to clear the way for the next run): status <c>stopping</c>.</summary>
    public bool Stopping { get; set; }

    /// <summary>Set once SIGKILL went to the group.</summary>
    public bool Killed { get; set; }

    /// <summary>The leader's exit status, known once it was reaped.</summary>
    public ExitStatus? Exit { get; set; }

    /// <summary>When the leader was reaped: the restart delay and min-uptime count from here, not from the group's end.</summary>
    public DateTimeOffset? ExitedAt { get; set; }

    /// <summary>Set once "[th] exited" is logged and the history has the run's end: only once its group is empty, or stop_timeout after the leader's exit.</summary>
    public bool ExitRecorded { get; set; }
    public ITimer? Deadline { get; set; }
    public ITimer? GroupCheck { get; set; }

    /// <summary>Samples in a row that found the group above <c>max_memory</c>; back to 0 at one below it.</summary>
    public int SamplesOverMemory { get; set; }

    /// <summary>Set once the group was stopped for staying above <c>max_memory</c>: its end restarts the script with trigger <c>memory</c>.</summary>
    public bool RestartForMemory { get; set; }

    /// <summary>How often the group was found alive after SIGKILL: members that escaped it must not be waited for forever.</summary>
    public int GroupChecksAfterKill { get; set; }

    /// <summary>Cancels the output pumps a moment after the group is gone, in case a setsid'd grandchild still holds the pipes.</summary>
    public CancellationTokenSource Output { get; } = new();

    /// <summary>Completes when both pipes reached EOF (or the pumps were cancelled).</summary>
    public Task? OutputDrained { get; set; }

    /// <summary>The run is over: its stop deadline and group check have nothing left to watch.</summary>
    public void CancelTimers()
    {
        Deadline?.Dispose();
        GroupCheck?.Dispose();
    }
}
