using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Process groups that outlive their leader, with the real binary (issue 13, items 1, 9, 10): what a
/// run leaves is stopped before the next run and by <c>down</c>; recovery uses each script's own stop
/// settings; ps says <c>stopping</c> while a group is being stopped.
/// </summary>
public sealed partial class GroupTests
{
    [LinuxFact(Timeout = 120_000)]
    public async Task The_server_a_crashed_run_left_frees_its_port_before_the_restart_and_down_leaves_no_process_of_any_run()
    {
        await using var th = new ThHome();
        var port = FreePort();
        // The pm2 EADDRINUSE report: a server in the background, then the leader fails.
        th.WriteConfig($$"""
            scripts:
              web:
                command: python3 -c "import socket,time; s=socket.socket(); s.bind(('127.0.0.1', {{port}})); s.listen(); print('listening', flush=True); time.sleep(600)" & sleep 1; exit 1
                restart_policy: on-failure
                restart_delay: 500ms
                max_restarts: 1
                stop_timeout: 2s
            """);

        await th.OkAsync("up", "web");
        // The second run gives up after its exit; what it left is kept and shown.
        var left = await th.WaitForPsAsync(rows => rows.Single().ProcessesLeft == 1 && rows.Single().Status == "failed", "failed with 1 process left", TimeSpan.FromSeconds(60));
        Assert.True(left.Single().GroupAlive);
        var log = File.ReadAllText(th.LogOf("web"));
        var groups = StartedPids().Matches(log).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Not tracked for cleanup by pgid: the first group is long gone and its number may be another
        // process's by the end (pid_max can be 32768); daemon stop at dispose stops what is left.

        Assert.Equal(2, groups.Count);
        Assert.Equal(2, Regex.Count(log, @"\[stdout\] listening"));
        Assert.DoesNotContain("Address already in use", log, StringComparison.Ordinal);
        Assert.Empty(Processes.GroupMembers(groups[0]));
        Assert.NotEmpty(Processes.GroupMembers(groups[1]));
        Assert.Contains("failed (1), 1 process left", (await th.OkAsync("ps")).Stdout, StringComparison.Ordinal);

        var down = await th.OkAsync("down", "web");

        Assert.Contains("stopped", down.Stdout, StringComparison.Ordinal);
        Assert.All(groups, g => Assert.Empty(Processes.GroupMembers(g)));
        var after = await th.PsRowAsync("web");
        Assert.Equal("stopped", after.Status);
        Assert.False(after.GroupAlive);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Down_after_the_leader_exited_stops_a_child_that_ignores_SIGTERM_within_stop_timeout_plus_1s()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              left:
                command: sh -c 'trap "" TERM; echo child ready; while :; do sleep 0.1; done' & sleep 0.3; exit 0
                stop_timeout: 1s
            """);
        await th.OkAsync("up", "left");
        await th.WaitForLogAsync("left", "child ready");
        var pgid = (await th.PsRowAsync("left")).Pgid!.Value;
        await th.WaitForPsAsync(rows => rows.Single().Status == "exited", "the exit recorded after stop_timeout");
        Assert.NotEmpty(Processes.GroupMembers(pgid));

        // What one client command costs on this machine (the JIT th alone starts in up to a second under load),
        // so the bound below is stop_timeout + 1 s of the daemon's own time, as the issue states it.
        var baseline = Stopwatch.StartNew();
        await th.OkAsync("ps");
        baseline.Stop();

        var clock = Stopwatch.StartNew();
        var down = await th.OkAsync("down", "left");
        clock.Stop();

        Assert.Contains("killed after stop_timeout 1s", down.Stdout, StringComparison.Ordinal);
        Assert.Empty(Processes.GroupMembers(pgid));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2) + baseline.Elapsed, $"down took {clock.Elapsed} (a ps took {baseline.Elapsed})");
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Ps_says_stopping_while_a_slow_script_shuts_down()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              slow:
                command: trap 'sleep 2; exit 0' TERM; echo ready; while :; do sleep 0.1; done
                stop_timeout: 10s
            """);
        await th.OkAsync("up", "slow");
        await th.WaitForLogAsync("slow", "ready");

        var down = th.RunAsync("down", "slow");
        var stopping = await th.WaitForStatusAsync("slow", "stopping");

        Assert.True(stopping.GroupAlive);
        Assert.Equal(0, (await down).ExitCode);
        Assert.Equal("stopped", (await th.PsRowAsync("slow")).Status);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Recovery_after_a_daemon_SIGKILL_sends_the_scripts_own_stop_signal_and_waits_its_stop_timeout()
    {
        await using var th = new ThHome();
        // Writes to a file: the dead daemon's pipes have no reader any more.
        th.WriteConfig("""
            scripts:
              db:
                command: trap 'echo got INT >> signals.txt; sleep 3; echo done >> signals.txt; exit 0' INT; trap 'echo got TERM >> signals.txt' TERM; echo ready; while :; do sleep 0.1; done
                stop_signal: INT
                stop_timeout: 10s
            """);
        var signals = Path.Combine(th.Project, "signals.txt");
        await th.OkAsync("up", "db");
        await th.WaitForLogAsync("db", "ready");
        var old = await th.PsRowAsync("db");
        var daemon = th.DaemonPid()!.Value;
        Processes.Kill(daemon);
        await Eventually.TrueAsync(() => !Processes.IsAlive(daemon), "the daemon gone");

        await th.OkAsync("daemon");
        await th.WaitForStatusAsync("db", "stopping");
        Assert.NotEmpty(Processes.GroupMembers(old.Pgid!.Value));
        var running = await th.WaitForStatusAsync("db", "running", TimeSpan.FromSeconds(30));

        Assert.NotEqual(old.Pid, running.Pid);
        Assert.Empty(Processes.GroupMembers(old.Pgid!.Value));
        Assert.Equal(["got INT", "done"], File.ReadAllLines(signals));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\[th\] started pid (\d+)")]
    private static partial Regex StartedPids();
}
