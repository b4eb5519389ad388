namespace TurtleHarbor.Core.Config;

/// <summary>
/// A script's validated <c>healthcheck</c>: one probe and compose's timing (compose spec,
/// services.healthcheck: interval 30s, timeout 30s, retries 3, start_period 0 there; our defaults
/// are 10s, 5s, 3, 0).
/// </summary>
/// <param name="Target">The command line (run by /bin/sh -c), the URL, HOST:PORT, or the regular expression.</param>
/// <param name="Interval">Between the end of one check and the start of the next.</param>
/// <param name="Timeout">How long one check may take before it counts as failed (a command probe's group is then SIGKILLed).</param>
/// <param name="Retries">Consecutive failures, outside <paramref name="StartPeriod"/>, that make the script unhealthy.</param>
/// <param name="StartPeriod">From the start of a run: failures do not count until it ends or the first success.</param>
internal sealed record HealthcheckSpec(
    HealthProbeKind Kind,
    string Target,
    TimeSpan Interval,
    TimeSpan Timeout,
    int Retries,
    TimeSpan StartPeriod)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    public const int DefaultRetries = 3;

    /// <summary>The longest interval, timeout and start_period a config may set.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>The shortest interval and timeout: a probe every few milliseconds would be a busy loop.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one line may take a <c>log:</c> pattern (NonBacktracking is linear; this bounds a huge line).</summary>
    public static readonly TimeSpan LogMatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The key the probe was written under, for messages.</summary>
    public string KindName => Kind switch
    {
        HealthProbeKind.Command => "command",
        HealthProbeKind.Http => "http",
        HealthProbeKind.Tcp => "tcp",
        _ => "log",
    };
}
