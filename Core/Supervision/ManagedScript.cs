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
    public ScriptStatus Status { get; set; } = ScriptStatus.Stopped;
    public ScriptRun? Run { get; set; }

    /// <summary>The group of the last run, kept so <c>down</c> can reach children a finished leader left behind.</summary>
    public int? LastPgid { get; set; }
    public int? LastExitCode { get; set; }
    public DateTimeOffset? LastStartedAt { get; set; }
    /// <summary>
    /// Automatic restarts in a row: the N of "[th] restart N of M" and the RESTARTS column, one
    /// counter so the two always agree. Counted when a restart is decided; back to 0 when the user
    /// starts the script, at a cron tick, and when a run that stayed up min_uptime ends.
    /// </summary>
    public int Restarts { get; set; }

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

    public ScriptSnapshot Snapshot(DateTimeOffset now) => new(
        Key.Name,
        Key.ConfigPath,
        Status,
        Run?.Pid,
        Run?.Pgid,
        Run?.StartedAt,
        Run is null ? 0 : (long)(now - Run.StartedAt).TotalSeconds,
        Restarts,
        LastExitCode,
        Cron.NextRun);

    public async ValueTask DisposeAsync()
    {
        CancelPendingRestart();
        Cron.Disarm();
        await Log.DisposeAsync();
    }
}
