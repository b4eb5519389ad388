using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>
/// Issue 20 item 5: a daemon that is being SIGKILLed while a client connects is no daemon. The client
/// waits for the dead daemon's lock to be released and asks again: <c>ps</c> gets its answer from a new
/// daemon or from the saved files, <c>up</c> and <c>down</c> (autostart allowed) start a new daemon. A
/// change is asked again only when the dying daemon never read it: a daemon that gives receipts writes
/// one before it acts on a change, so a client that saw none knows. A daemon killed after its receipt
/// may have carried the change out; that client exits 69 and says so.
/// </summary>
public sealed class DyingDaemonTests
{
    /// <summary>Rounds in CI; TH_RELIABILITY_LONG=1 raises it. Each round starts a daemon: about 1 s a round on an idle 2-core machine, 7 s at a load of 50.</summary>
    private static readonly int Rounds = ReliabilityScale.Pick(30, 300);

    private static readonly string[] Commands = ["ps", "up", "down"];

    /// <summary>
    /// The daemon is frozen (SIGSTOP) before the client starts and SIGKILLed a random moment later, so
    /// whatever the client had done by then (not yet connected; connected into the listen backlog; its
    /// request written and waiting) it met a daemon that could not read it: nothing may exit 69.
    /// </summary>
    [LinuxFact(Timeout = 1_800_000)]
    public async Task A_client_connecting_to_a_daemon_that_is_being_sigkilled_never_exits_69_where_autostart_is_allowed()
    {
        await RunRoundsAsync(frozen: true, (command, result) => result.ExitCode == 0);
    }

    /// <summary>
    /// The daemon is SIGKILLed at a random moment of the client's exchange, running: a read never
    /// exits 69, a change only once the daemon had received it, with the sentence that says so.
    /// </summary>
    [LinuxFact(Timeout = 1_800_000)]
    public async Task A_client_whose_daemon_is_sigkilled_mid_exchange_exits_69_only_for_a_change_the_daemon_received()
    {
        await RunRoundsAsync(frozen: false, (command, result) => result.ExitCode == 0 || (command != "ps" && Received(result)));
    }

    private static bool Received(ThResult result) => result.ExitCode == 69
        && result.Stderr.Contains("received the request", StringComparison.Ordinal)
        && result.Stderr.Contains("may or may not have been carried out", StringComparison.Ordinal);

    /// <summary>What the daemons said last, for a failure's message: who started, who was asked what.</summary>
    private static string DaemonLogTail(ThHome th)
    {
        var log = Path.Combine(th.LogDir, "daemon.log");
        return File.Exists(log) ? "daemon.log, last lines:\n" + string.Join('\n', File.ReadLines(log).TakeLast(40)) : "no daemon.log";
    }

    private static async Task RunRoundsAsync(bool frozen, Func<string, ThResult, bool> allowed)
    {
        var random = new Random(ReliabilityScale.Seed);
        var tag = random.Next(100_000, 999_999);
        await using var th = new ThHome();
        th.Environment["TURTLE_HARBOR_NO_AUTOSTART"] = "";
        th.WriteConfig($"scripts:\n  idle:\n    command: exec sleep {tag}\n");
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var start = await th.RunAsync("daemon");
                Assert.True(start.ExitCode == 0 || start.Stderr.Contains("already serves", StringComparison.Ordinal), $"round {round}: th daemon: {start}");
                var daemon = th.DaemonPid()!.Value;
                var command = Commands[round % Commands.Length];
                if (frozen)
                {
                    // The client then knows this daemon (and that it gives receipts) without pinging it first.
                    await th.OkAsync("ps");
                    Processes.Freeze(daemon);
                    // Not before every thread has stopped: one still running could read the request and receive it.
                    await Eventually.TrueAsync(() => Processes.IsFrozen(daemon), "the daemon frozen");
                }

                var client = th.RunAsync(command);
                // Anywhere from before the client's connect to after its answer: the JIT client takes 100-500 ms to get
                // there, the AOT one a few ms, so half the rounds look closely at the first 50 ms.
                await Task.Delay(random.Next(2) == 0 ? random.Next(0, 50) : random.Next(0, frozen ? 1000 : 500));
                Processes.Kill(daemon);
                var result = await client;

                Assert.True(allowed(command, result), $"seed {ReliabilityScale.Seed} round {round}: th {command} while the daemon (pid {daemon}) died: {result}\n{DaemonLogTail(th)}");
                var key = $"{command}: " + (result.ExitCode != 0 ? "received, then lost (69)"
                    : result.Stderr.Contains("not running", StringComparison.Ordinal) ? "from the files"
                    : "from a daemon");
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                await Eventually.TrueAsync(() => !Processes.IsAlive(daemon), "the killed daemon gone");
            }
        }
        finally
        {
            ProcScan.KillGroups(ProcScan.Live().Where(e => e.CommandLine.Contains(tag.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        }

        // What the rounds met, for the log of a slow or surprising run.
        Console.WriteLine($"{Rounds} rounds ({(frozen ? "frozen, then killed" : "killed running")}) in {clock.Elapsed.TotalSeconds:0} s: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
    }
}
