namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// How many starts the daemon may make without eating into the file descriptors it keeps for itself.
/// Scripts that took every descriptor up to RLIMIT_NOFILE would leave the daemon unable to accept
/// <c>th ps</c> or <c>th down</c>, save its state or, under the JIT runtime, load code (it aborts).
/// So a start that would cross <c>limit - Reserve</c> is refused instead, with one sentence, and goes
/// through the restart policy like a spawn that failed with EMFILE.
/// </summary>
internal static class DescriptorBudget
{
    /// <summary>
    /// Descriptors kept for the daemon itself. A burst of starts holds up to ~9 more than it keeps
    /// (4 spawns in flight with the write ends of their pipes, one log file created ahead); the rest covers
    /// a few clients at once (1 each), a state save (temp file and folder, 2), health probes (3 each while
    /// they run), log rotation, /proc reads and the runtime's own files (the JIT one opens assemblies as it
    /// first needs them). 32 is an eighth of macOS's default soft limit of 256, so a small limit still
    /// leaves most descriptors to scripts.
    /// </summary>
    public const int Reserve = 32;

    /// <summary>
    /// Descriptors a running script holds: the read ends of its stdout and stderr pipes, its log file and
    /// its pidfd (Linux). Measured with /proc/PID/fd of the JIT daemon: 80 scripts of `exec sleep` added 334
    /// (160 pipe ends, 80 pidfds, 80 log files, 14 of the runtime's). A tty script holds one fewer
    /// (one terminal for both streams), so this errs on the safe side.
    /// </summary>
    public const int PerStart = 4;

    /// <summary>
    /// Slack in the cheap estimate below which the daemon does not count its descriptors at all: its own
    /// (~100 under JIT, fewer AOT), clients, HTTP and Loki connections.
    /// </summary>
    private const int Slack = 512;

    /// <summary>
    /// How many of <paramref name="wanted"/> starts may go ahead (the first ones; the rest are refused).
    /// <paramref name="limit"/> is the soft RLIMIT_NOFILE (null: unlimited); <paramref name="running"/> the
    /// runs the daemon watches now; <paramref name="countOpen"/> counts the daemon's open descriptors (null:
    /// cannot tell, and then nothing is refused: a spawn that runs out still fails with EMFILE). The count is
    /// only taken when even twice the expected use could come near the limit, so a daemon far from its limit
    /// never reads /proc/self/fd.
    /// </summary>
    public static int StartsAllowed(long? limit, int running, int wanted, Func<int?> countOpen)
    {
        if (limit is not { } l || wanted <= 0)
        {
            return Math.Max(wanted, 0);
        }

        var ceiling = l - Reserve;
        if (((long)running + wanted) * PerStart * 2 + Slack < ceiling)
        {
            return wanted;
        }

        if (countOpen() is not { } open)
        {
            return wanted;
        }

        return (int)Math.Clamp((ceiling - open) / PerStart, 0, wanted);
    }

    /// <summary>The sentence a refused start fails with.</summary>
    public static string Refusal(long limit) =>
        $"not started: th keeps its last {Reserve} file descriptors for itself (limit {limit}; raise it with `ulimit -n` or launchd's NumberOfFiles)";
}
