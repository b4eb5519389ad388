using System.Collections.Concurrent;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision.Health;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// An <see cref="IHealthProber"/> without sockets: each target answers what the test last set (unhealthy until
/// set), or hangs until the core's timeout cancels it. Counts the probes per target.
/// </summary>
internal sealed class FakeHealthProber : IHealthProber
{
    private readonly ConcurrentDictionary<string, bool?> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _probes = new(StringComparer.Ordinal);

    /// <summary>From now on, <paramref name="target"/> is healthy, unhealthy, or (null) never answers.</summary>
    public void Answer(string target, bool? healthy) => _answers[target] = healthy;

    public int ProbesOf(string target) => _probes.GetValueOrDefault(target);

    public async Task<ProbeOutcome> ProbeAsync(HealthProbeKind kind, string target, CancellationToken cancellationToken)
    {
        _probes.AddOrUpdate(target, 1, (_, n) => n + 1);
        var answer = _answers.GetValueOrDefault(target, false);
        if (answer is null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return answer == true ? ProbeOutcome.Pass("fake: up") : ProbeOutcome.Fail("fake: down");
    }

    public void Dispose()
    {
    }
}
