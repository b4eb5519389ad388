using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Whether and when a script that exited on its own runs again: Docker's semantics for the
/// policy, exponential backoff from restart_delay capped at 5 minutes, and a run that stayed up
/// for the script's min_uptime resets the consecutive-failure count.
/// </summary>
/// <param name="ConsecutiveRestarts">Restarts in a row after this decision: the N of "restart N of M".</param>
internal readonly record struct RestartDecision(bool Restart, bool GaveUp, TimeSpan Delay, int ConsecutiveRestarts)
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    public static RestartDecision Decide(ScriptSpec spec, ExitStatus exit, TimeSpan uptime, int consecutiveRestarts)
    {
        var wanted = spec.RestartPolicy switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnFailure => !exit.Success,
            _ => false,
        };
        var consecutive = uptime >= spec.MinUptime ? 0 : consecutiveRestarts;
        if (!wanted)
        {
            return new RestartDecision(false, false, TimeSpan.Zero, consecutive);
        }

        if (consecutive >= spec.MaxRestarts)
        {
            return new RestartDecision(false, true, TimeSpan.Zero, consecutive);
        }

        return new RestartDecision(true, false, Backoff(spec.RestartDelay, consecutive), consecutive + 1);
    }

    /// <summary>The wait before restart number <paramref name="attempt"/> + 1: delay, 2·delay, 4·delay ... at most 5 minutes.</summary>
    public static TimeSpan Backoff(TimeSpan restartDelay, int attempt)
    {
        if (restartDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ticks = restartDelay.Ticks * factor;
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
