using System.Collections.Concurrent;
using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>No request waits behind another's grace period.</summary>
public sealed class ConcurrencyReliabilityTests
{
    [Fact(Timeout = 120_000)]
    public async Task Ps_and_up_answer_quickly_while_a_down_waits_out_a_stop_timeout()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              slow:
                command: trap '' TERM; echo ready; while :; do sleep 1; done
                stop_timeout: 60s
              other:
                command: exec sleep 1000
            """);
        await th.OkAsync("up", "slow");
        await th.WaitForLogAsync("slow", "ready");
        var pgid = (await th.PsRowAsync("slow")).Pgid!.Value;

        var down = th.RunAsync("down", "slow");
        await th.WaitForLogAsync("slow", "stopping:");
        await th.OkAsync("ps");
        await th.OkAsync("up", "other");

        // Ordered by events, not a stopwatch: both answered while the down still waits for its SIGKILL.
        Assert.False(down.IsCompleted, "the down ended before its stop_timeout");
        Assert.False(File.ReadAllText(th.LogOf("slow")).Contains("SIGKILL", StringComparison.Ordinal), "ps and up waited for the stop_timeout");
        Processes.KillGroup(pgid); // end the down now rather than after 60 s
        var result = await down;
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("running", (await th.PsRowAsync("other")).Status);
    }

    [LinuxFact(Timeout = 900_000)]
    public async Task Many_clients_mixing_every_command_leave_each_script_as_its_last_command_said()
    {
        var clients = ReliabilityScale.Pick(6, 50);
        var scripts = ReliabilityScale.Pick(20, 100);
        var duration = ReliabilityScale.Pick(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
        var seed = ReliabilityScale.Seed;
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n" + string.Concat(Enumerable.Range(0, scripts).Select(i => $"  s{i}:\n    command: exec sleep 1000\n    stop_timeout: 2s\n")));
        await th.OkAsync("daemon");
        var log = new ConcurrentBag<(string Script, string Command, long Start, long End)>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var slowestPing = TimeSpan.Zero;
        var pinger = Task.Run(async () =>
        {
            using var ping = await RawClient.ConnectAsync(Path.Combine(th.Home, "daemon.sock"));
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                await ping.RequestAsync("""{"type":"ping"}""");
                slowestPing = watch.Elapsed > slowestPing ? watch.Elapsed : slowestPing;
                await Task.Delay(100);
            }
        });
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(seed + c);
            while (!stop.IsCancellationRequested)
            {
                var name = $"s{random.Next(scripts)}";
                string[] args = random.Next(9) switch
                {
                    0 or 1 => ["up", name],
                    2 or 3 => ["down", name],
                    4 => ["restart", name],
                    5 => ["ps", "--json"],
                    6 => ["logs", name, "-n", "5"],
                    7 => ["history", name],
                    _ => ["daemon", "status"],
                };
                var start = clock.ElapsedTicks;
                var result = await th.RunAsync(args);
                if (result.ExitCode != 0)
                {
                    failures.Add($"th {string.Join(' ', args)}: {result}");
                }
                else if (args[0] is "up" or "down" or "restart")
                {
                    log.Add((name, args[0], start, clock.ElapsedTicks));
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        await pinger;

        Assert.True(failures.IsEmpty, $"seed {seed}: {string.Join("\n", failures.Take(5))}");
        // Well under the 10 s frame timeout, which is what a ping stuck behind another client would wait.
        Assert.True(slowestPing < TimeSpan.FromSeconds(8), $"a ping waited {slowestPing}");
        var rows = await th.WaitForPsAsync(r => r.All(x => x.Status is "running" or "stopped"), "every script settled");
        foreach (var row in rows)
        {
            var commands = log.Where(l => l.Script == row.Name).ToList();
            // The daemon orders overlapping commands as they arrive: any command not followed by one that started after it ended may be last.
            var possible = commands.Where(c => !commands.Any(o => o.Start > c.End)).Select(c => c.Command == "down" ? "stopped" : "running").ToHashSet();
            if (possible.Count == 0)
            {
                possible.Add("stopped");
            }

            Assert.True(possible.Contains(row.Status), $"seed {seed}: {row.Name} is {row.Status}, last commands allow {string.Join('|', possible)}");
        }

        // Nothing runs twice: the daemon's session holds exactly one group per running script.
        var daemon = th.DaemonPid()!.Value;
        var groups = ProcScan.InSession(daemon).Select(e => e.Pgid).Where(g => g != daemon).Distinct().Count();
        Assert.Equal(rows.Count(r => r.Status == "running"), groups);
    }
}
