using TurtleHarbor.Core.Config;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A script the daemon knows: its spec, what the user wants, and its current run. Lives from
/// registration until reload removes it; owned by the core loop.
/// </summary>
internal sealed class ManagedScript(ScriptKey key, ScriptSpec spec, ScriptLogWriter log, string logPath, int maxLogFiles) : IAsyncDisposable
{
    public ScriptKey Key { get; } = key;
    public ScriptSpec Spec { get; set; } = spec;
    public ScriptLogWriter Log { get; } = log;
    public string LogPath { get; } = logPath;
    public int MaxLogFiles { get; set; } = maxLogFiles;
    public DesiredState Desired { get; set; }
    public ScriptStatus Status
    {
        get;
        set
        {
            if (field != value)
            {
                field = value;
                StatusChanged?.Invoke(this);
            }
        }
    } = ScriptStatus.Stopped;

    /// <summary>Called on the loop after every change of <see cref="Status"/> (depends_on reacts to it).</summary>
    public Action<ManagedScript>? StatusChanged { get; set; }

    /// <summary>Why the script waits or is blocked by its <c>depends_on</c> ("db: unhealthy"); null otherwise.</summary>
    public string? BlockedBy { get; set; }
    public ScriptRun? Run { get; set; }

    /// <summary>The healthcheck's verdict on the current run; null without a <c>healthcheck</c> or while not running.</summary>
    public HealthStatus? Health { get; set; }

    /// <summary>
    /// Earlier runs whose exit is recorded while members of their group lived on (and groups a dead
    /// predecessor daemon left), each remembered until its group is empty: no start happens while
    /// one is alive, and <c>down</c> stops them like a run.
    /// </summary>
    public List<ScriptRun> Leftovers { get; } = [];

    /// <summary>What to do once the script has no live group left (its run and every leftover gone), in the order the commands asked; see <see cref="RunEnded"/>.</summary>
    public List<AfterRunEnds> AfterStop { get; } = [];

    /// <summary>Whether a run or a leftover group is still being waited for.</summary>
    public bool HasGroups => Run is not null || Leftovers.Count > 0;
    public int? LastExitCode { get; set; }
    public DateTimeOffset? LastStartedAt { get; set; }
    /// <summary>
    /// Automatic restarts in a row: the N of "[th] restart N of M" and the RESTARTS column, one
    /// counter so the two always agree. Counted when a restart is decided; back to 0 when the user
    /// starts the script, at a cron tick, and when a run that stayed up min_uptime ends.
    /// </summary>
    public int Restarts { get; set; }

    /// <summary>Restarts because the group stayed above <c>max_memory</c>, since the daemon started (<c>ps --json</c> memory_restarts).</summary>
    public int MemoryRestarts { get; set; }

    public ITimer? RestartTimer { get; set; }

    /// <summary>Bumped on every start or stop so a pending RestartDue of an older decision is ignored.</summary>
    public long RestartGeneration { get; set; }

    public bool IsCron => Spec.Cron is not null;

    /// <summary>The script's cron schedule state; armed only while a cron script is up.</summary>
    public CronArming Cron { get; } = new();

    public void CancelPendingRestart()
    {
        RestartTimer?.Dispose();
        RestartTimer = null;
        RestartGeneration++;
    }

    /// <summary>
    /// What ps shows. The pid only while the leader lives (a reaped pid may be anyone's by now);
    /// <paramref name="processesLeft"/> counts live members of groups whose leader is gone.
    /// </summary>
    public ScriptSnapshot Snapshot(DateTimeOffset now, int processesLeft) => new(
        Key.Name,
        Key.ConfigPath,
        Status,
        Run is { Exit: null } ? Run.Pid : null,
        Run?.Pgid,
        Run?.StartedAt,
        Run is null ? 0 : (long)(now - Run.StartedAt).TotalSeconds,
        Restarts,
        LastExitCode,
        Cron.NextRun,
        GroupAlive: Run is { Exit: null } || processesLeft > 0,
        ProcessesLeft: processesLeft,
        Health: Run is { Exit: null } ? Health : null,
        BlockedBy: Status is ScriptStatus.Waiting or ScriptStatus.Blocked ? BlockedBy : null);

    public async ValueTask DisposeAsync()
    {
        CancelPendingRestart();
        Cron.Disarm();
        await Log.DisposeAsync();
    }
}
