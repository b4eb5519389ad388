using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>
/// Issue 20 item 5: a daemon that is being SIGKILLed while a client connects is no daemon. The
/// client waits for the dead daemon's lock to be released and asks again: <c>ps</c> gets its answer
/// from a new daemon or from the saved files and never exits 69; <c>up</c> (autostart allowed) starts a new
/// daemon, except when its request reached the dying daemon whole: the daemon may have carried it out, so it is
/// not repeated and the client exits 69 saying the daemon closed the connection without answering (issue 20 asks
/// for no 69 there either; that needs a receipt in the protocol and is not built).
/// </summary>
public sealed class DyingDaemonTests
{
    /// <summary>Rounds in CI; TH_RELIABILITY_LONG=1 raises it. Each round starts a daemon: about 1 s a round on an idle 2-core machine, 7 s at a load of 50.</summary>
    private static readonly int Rounds = ReliabilityScale.Pick(40, 400);

    [LinuxFact(Timeout = 900_000)]
    public async Task A_client_connecting_while_the_daemon_is_sigkilled_exits_69_only_for_a_change_the_daemon_may_have_read()
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
                var command = round % 2 == 0 ? "ps" : "up";
                var client = th.RunAsync(command);
                // Anywhere from before the client's connect to after its answer: the JIT client takes 100-500 ms to get there.
                await Task.Delay(random.Next(0, 500));
                Processes.Kill(daemon);
                var result = await client;

                var writtenAndLost = command == "up" && result.ExitCode == 69
                    && result.Stderr.Contains("closed the connection", StringComparison.Ordinal) && result.Stderr.Contains("without answering", StringComparison.Ordinal);
                Assert.True(result.ExitCode == 0 || writtenAndLost, $"seed {ReliabilityScale.Seed} round {round}: th {command} while the daemon died: {result}");
                var key = writtenAndLost
                    ? "up: written whole, then lost (69)"
                    : $"{command}: {(result.Stderr.Contains("not running", StringComparison.Ordinal) ? "from the files" : "from a daemon")}";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                await Eventually.TrueAsync(() => !Processes.IsAlive(daemon), "the killed daemon gone");
            }
        }
        finally
        {
            ProcScan.KillGroups(ProcScan.Live().Where(e => e.CommandLine.Contains(tag.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        }

        // What the rounds met, for the log of a slow or surprising run.
        Console.WriteLine($"{Rounds} rounds in {clock.Elapsed.TotalSeconds:0} s: {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}");
    }
}
