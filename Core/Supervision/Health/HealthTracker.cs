namespace TurtleHarbor.Core.Supervision.Health;

/// <summary>
/// Compose's health state machine for one run (compose spec, services.healthcheck; Docker's
/// container/health.go): <see cref="HealthStatus.Starting"/> from the start; the first success makes it
/// <see cref="HealthStatus.Healthy"/> and ends the start period early; failures inside
/// <c>start_period</c> do not count; <c>retries</c> consecutive counted failures make it
/// <see cref="HealthStatus.Unhealthy"/>; any success makes it healthy again. Pure: the caller gives the time.
/// </summary>
internal sealed class HealthTracker(DateTimeOffset runStartedAt, TimeSpan startPeriod, int retries)
{
    private bool _everHealthy;

    public HealthStatus Status { get; private set; } = HealthStatus.Starting;

    /// <summary>Counted failures since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>When the current healthy stretch began; null while not healthy.</summary>
    public DateTimeOffset? HealthySince { get; private set; }

    /// <summary>Takes one check's result at <paramref name="now"/>; returns the new status when it changed, else null.</summary>
    public HealthStatus? Record(bool healthy, DateTimeOffset now)
    {
        var before = Status;
        if (healthy)
        {
            _everHealthy = true;
            Failures = 0;
            Status = HealthStatus.Healthy;
            HealthySince ??= now;
        }
        else if (_everHealthy || now - runStartedAt >= startPeriod)
        {
            Failures++;
            if (Failures >= retries)
            {
                Status = HealthStatus.Unhealthy;
                HealthySince = null;
            }
        }

        return Status == before ? null : Status;
    }
}
