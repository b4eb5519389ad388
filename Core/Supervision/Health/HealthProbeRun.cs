using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision.Health;

/// <summary>
/// The healthcheck of one run: its state machine, the timer of the next check, and the check in flight
/// (a network probe's cancellation, or a command probe's process group and timeout). Owned by the core loop.
/// </summary>
internal sealed class HealthProbeRun(long instance, HealthcheckSpec spec, HealthTracker tracker)
{
    /// <summary>The run it judges: results of any other run are stale.</summary>
    public long Instance { get; } = instance;
    public HealthcheckSpec Spec { get; } = spec;
    public HealthTracker Tracker { get; } = tracker;

    /// <summary>The number of the latest check (unique in the daemon), so a late result or timeout of an earlier check is ignored.</summary>
    public long Check { get; set; }

    /// <summary>Whether check <see cref="Check"/> is still waiting for its result.</summary>
    public bool InFlight { get; set; }

    public ITimer? NextCheck { get; set; }
    public ITimer? CheckTimeout { get; set; }
    public CancellationTokenSource? NetworkCheck { get; set; }

    /// <summary>The command probe in flight: its pid and process group (it leads one).</summary>
    public (int Pid, int Pgid)? CommandProbe { get; set; }

    public LogReadyListener? LogListener { get; set; }

    /// <summary>The last check's words, for the <c>[th]</c> line of a change.</summary>
    public string LastDetail { get; set; } = "";

    /// <summary>Stops the timers and a network check in flight; a command probe's group is the core's to kill.</summary>
    public void CancelChecks()
    {
        NextCheck?.Dispose();
        NextCheck = null;
        CheckTimeout?.Dispose();
        CheckTimeout = null;
        // Cancelled, not disposed: the probe may still be registering on its token.
        NetworkCheck?.Cancel();
        NetworkCheck = null;
        InFlight = false;
    }
}
