using System.Collections.Concurrent;
using System.Text.Json;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>
/// SIGKILLs the daemon at random points while clients toggle scripts up and down and other scripts
/// crash-loop, and checks after each restart that nothing was lost, duplicated or orphaned.
/// </summary>
public sealed class DaemonKillTests
{
    private const int Steady = 4;
    private const int Crashing = 2;

    [LinuxFact(Timeout = 900_000)]
    public async Task Killing_the_daemon_at_random_moments_loses_no_acknowledged_command_and_leaves_no_orphan()
    {
        var kills = ReliabilityScale.Pick(6, 50);
        var random = new Random(ReliabilityScale.Seed);
        var tag = random.Next(100_000, 999_999);
        await using var th = new ThHome();
        th.Environment["TURTLE_HARBOR_NO_AUTOSTART"] = "1";
        th.WriteConfig(Config(tag));
        await th.OkAsync("daemon");
        await th.OkAsync("up");
        var possible = Enumerable.Range(0, Steady).ToDictionary(i => $"s{i}", _ => new HashSet<string> { "up" });
        try
        {
            for (var round = 0; round < kills; round++)
            {
                var daemon = th.DaemonPid()!.Value;
                await TogglesUntilKilledAsync(th, daemon, possible, random);
                var state = ReadDesired(th);
                foreach (var (name, allowed) in possible)
                {
                    Assert.True(allowed.Contains(state[name]), $"seed {ReliabilityScale.Seed} round {round}: {name} desired {state[name]}, acknowledged/in flight {string.Join('|', allowed)}");
                    possible[name] = [state[name]];
                }

                await th.OkAsync("daemon");
                var survivors = daemon == th.DaemonPid() ? [] : ProcScan.InSession(daemon);
                Assert.True(survivors.Count == 0, $"seed {ReliabilityScale.Seed} round {round}: survivors of the dead daemon: {string.Join(", ", survivors)}");
                await th.WaitForPsAsync(
                    rows => rows.Where(r => r.Name.StartsWith('s')).All(r => (r.Status == "running") == (state[r.Name] == "up")),
                    $"round {round}: steady scripts as desired");
                foreach (var name in possible.Keys)
                {
                    var groups = ProcScan.GroupsRunning($"sleep {tag}{name[1..]}");
                    Assert.True(groups.Count <= 1, $"seed {ReliabilityScale.Seed} round {round}: {name} runs in {groups.Count} groups");
                }

                for (var i = 0; i < Crashing; i++)
                {
                    Assert.True(ProcScan.GroupsRunning($": crash{tag}{i};").Count <= 1, $"round {round}: crash{i} runs twice");
                }
            }
        }
        finally
        {
            ProcScan.KillGroups(ProcScan.Live().Where(e => e.CommandLine.Contains(tag.ToString(), StringComparison.Ordinal)));
        }
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task A_script_spawned_but_not_yet_saved_when_the_daemon_died_is_killed_by_the_next_daemon()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: sleep 1000 & echo child; wait\n");
        await th.OkAsync("daemon");
        await th.OkAsync("up");
        await th.WaitForLogAsync("a", "child");
        var old = await th.PsRowAsync("a");
        var daemon = th.DaemonPid()!.Value;
        Processes.Kill(daemon);
        await Eventually.TrueAsync(() => !Processes.IsAlive(daemon), "daemon gone");

        // As if the daemon died between spawn and save: state.json does not know the run.
        var state = Path.Combine(th.Home, "state.json");
        File.WriteAllText(state, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(state), "\"(pid|pgid|start_time)\": \\d+", "\"$1\": null"));
        Assert.NotEmpty(Processes.GroupMembers(old.Pgid!.Value));
        await th.OkAsync("daemon");

        Assert.Empty(Processes.GroupMembers(old.Pgid!.Value));
        var now = await th.WaitForStatusAsync("a", "running");
        Assert.NotEqual(old.Pgid, now.Pgid);
    }

    private static string Config(int tag)
    {
        var yaml = new System.Text.StringBuilder("scripts:\n");
        for (var i = 0; i < Steady; i++)
        {
            yaml.Append($"  s{i}:\n    command: exec sleep {tag}{i}\n");
        }

        for (var i = 0; i < Crashing; i++)
        {
            yaml.Append($"  c{i}:\n    command: \": crash{tag}{i}; sleep 0.0{i + 1}; exit 3\"\n    restart_policy: always\n    restart_delay: 10ms\n    max_restarts: 1000000\n");
        }

        return yaml.ToString();
    }

    /// <summary>One client per steady script toggles it; the daemon is killed after a random delay.</summary>
    private static async Task TogglesUntilKilledAsync(ThHome th, int daemon, Dictionary<string, HashSet<string>> possible, Random random)
    {
        using var stop = new CancellationTokenSource();
        var seeds = possible.Keys.ToDictionary(n => n, _ => random.Next());
        var outcomes = new ConcurrentDictionary<string, HashSet<string>>();
        var clients = possible.Keys.Select(name => Task.Run(async () =>
        {
            var mine = new Random(seeds[name]);
            var allowed = new HashSet<string>(possible[name]);
            while (!stop.IsCancellationRequested)
            {
                var command = mine.Next(2) == 0 ? "up" : "down";
                var result = await th.RunAsync(command, name);
                // "No daemon is running": refused at connect, or asked again after the dying daemon lost it unread
                // (no receipt); either way never acted on. Any other failure (a receipt, then the connection lost) may have been applied.
                allowed = result.ExitCode == 0 ? [command]
                    : result.Stderr.Contains("no daemon is running", StringComparison.Ordinal) ? allowed
                    : [.. allowed, command];
            }

            outcomes[name] = allowed;
        })).ToList();
        await Task.Delay(random.Next(50, 1500));
        Processes.Kill(daemon);
        await Eventually.TrueAsync(() => !Processes.IsAlive(daemon), "daemon gone");
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        foreach (var (name, allowed) in outcomes)
        {
            possible[name] = allowed;
        }
    }

    private static Dictionary<string, string> ReadDesired(ThHome th)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(th.Home, "state.json")));
        return document.RootElement.GetProperty("scripts").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("desired").GetString()!);
    }
}
