namespace TurtleHarbor.Cli.Service;

/// <summary>
/// How long a service manager lets the daemon stop before it kills it: launchd's ExitTimeOut, systemd's
/// TimeoutStopSec. The daemon stops its scripts in parallel, each within its stop_timeout, so the
/// largest stop_timeout a config may hold (CONTRACTS §2: at most 1 h) plus a margin for the daemon's
/// own shutdown is enough, and a manager that kills sooner orphans a script at logout.
/// </summary>
internal static class ServiceStopBudget
{
    /// <summary>The largest stop_timeout a config accepts (CONTRACTS §2).</summary>
    public static readonly TimeSpan LargestStopTimeout = TimeSpan.FromHours(1);

    /// <summary>The daemon's own shutdown after the last script stopped: state save, log flush, Loki drain.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    /// <summary>In whole seconds, as both managers take it: 3630.</summary>
    public static int Seconds => (int)(LargestStopTimeout + Margin).TotalSeconds;
}
