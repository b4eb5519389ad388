using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>Scripts that misbehave on purpose: the daemon keeps answering and down stops what it can reach.</summary>
public sealed class HostileScriptTests
{
    // Measured on the socket, not around a client process whose start a loaded machine may stretch;
    // a daemon starved by its scripts would take far longer than this.
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(8);

    [LinuxFact(Timeout = 300_000)]
    public async Task Hostile_scripts_leave_the_daemon_responsive_and_down_stops_every_group()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            settings:
              log:
                max_file_size: 1MB
                max_files: 2
            scripts:
              bomb:
                command: ulimit -u 4000 2>/dev/null; i=0; while [ $i -lt 150 ]; do (sleep 1000 & sleep 1000) & i=$((i+1)); done; echo spawned; wait
              mute:
                command: exec 1>&- 2>&-; while :; do sleep 1; done
              escapee:
                command: setsid sleep 1000 & echo "escaped $!"; exec sleep 1000
              deaf:
                command: trap '' TERM INT HUP QUIT USR1 USR2 PIPE ALRM; echo deaf; while :; do sleep 1; done
                stop_timeout: 1s
              noise:
                command: exec cat /dev/urandom
            """);
        int? escaped = null;
        try
        {
            await th.OkAsync("up");
            await th.WaitForLogAsync("bomb", "spawned");
            await th.WaitForLogAsync("deaf", "deaf");
            await th.WaitForLogAsync("escapee", "escaped");
            escaped = int.Parse(File.ReadLines(th.LogOf("escapee")).First(l => l.Contains("escaped ")).Split("escaped ")[1].Trim());
            var rows = await th.WaitForPsAsync(r => r.All(x => x.Status == "running"), "all hostile scripts running");
            await th.OkAsync("ps");
            using (var connection = await RawClient.ConnectAsync(Path.Combine(th.Home, "daemon.sock")))
            {
                for (var i = 0; i < 5; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var answer = await connection.RequestAsync($$"""{"type":"ps","config_path":"{{th.ConfigPath}}","all":false}""");
                    Assert.True(watch.Elapsed < SlowAnswer, $"ps took {watch.Elapsed} beside hostile scripts");
                    Assert.Contains("\"bomb\"", answer);
                }
            }

            var down = await th.RunAsync("down");

            Assert.True(down.ExitCode == 0, down.ToString());
            foreach (var row in rows)
            {
                await Eventually.TrueAsync(() => Processes.GroupMembers(row.Pgid!.Value).Count == 0, $"{row.Name}'s group empty");
            }

            Assert.All(await th.PsAsync(), r => Assert.Equal("stopped", r.Status));
            // Documented limit (docs/reliability.md): a process that called setsid left the group; only cgroups could hold it.
            Assert.True(Processes.IsAlive(escaped.Value), "the setsid escapee is expected to survive down");
        }
        finally
        {
            if (escaped is { } pid)
            {
                Processes.Kill(pid);
            }
        }
    }

    [LinuxFact(Timeout = 300_000)]
    public async Task Hundreds_of_scripts_started_at_once_all_run_and_all_stop()
    {
        var count = ReliabilityScale.Pick(500, 500);
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"  s{i}:\n    command: exec sleep 1000\n")));

        await th.OkAsync("up");
        var rows = await th.WaitForPsAsync(r => r.Count == count && r.All(x => x.Status == "running"), $"{count} running", TimeSpan.FromMinutes(2));
        await th.OkAsync("daemon", "status");
        using (var connection = await RawClient.ConnectAsync(Path.Combine(th.Home, "daemon.sock")))
        {
            var watch = Stopwatch.StartNew();
            var answer = await connection.RequestAsync("""{"type":"daemon_status"}""");
            Assert.True(watch.Elapsed < SlowAnswer, $"daemon status took {watch.Elapsed} with {count} scripts");
            Assert.DoesNotContain("\"type\":\"error\"", answer);
        }

        await th.OkAsync("down");

        Assert.All(rows, r => Assert.Empty(Processes.GroupMembers(r.Pgid!.Value)));
    }
}
