using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision.Health;

/// <summary>
/// The network probes of healthchecks (<c>http:</c>, <c>tcp:</c>), behind a seam so the core's state
/// machine is tested without sockets. <c>command:</c> probes spawn through the <see cref="IProcessHost"/>
/// and <c>log:</c> probes read the script's log; neither comes here.
/// </summary>
internal interface IHealthProber : IDisposable
{
    /// <summary>
    /// One check of <paramref name="kind"/> against <paramref name="target"/> (a URL, or HOST:PORT as
    /// <see cref="TcpTarget"/> reads it). A refusal or bad answer is an unhealthy outcome, not an exception;
    /// throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ends it (the timeout).
    /// </summary>
    Task<ProbeOutcome> ProbeAsync(HealthProbeKind kind, string target, CancellationToken cancellationToken);
}
