using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 13 item 3: a daemon is started when it answers th's ping, and stopped when its lock is free.</summary>
public sealed partial class DaemonAnswerTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_program_holding_the_socket_path_is_reported_and_never_called_started()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");
        Directory.CreateDirectory(th.Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(th.Home, "daemon.sock")));
        listener.Listen();
        using var stop = new CancellationTokenSource();
        var serving = HangUpOnEveryConnectionAsync(listener, stop.Token);

        var start = await th.RunAsync("daemon");
        var up = await th.RunAsync("up");

        Assert.Equal(69, start.ExitCode);
        Assert.DoesNotContain("started", start.Stdout);
        // The holder is this test process, named by its pid (peer credentials).
        Assert.Contains($"(pid {Environment.ProcessId}), which is not a th daemon, holds {th.Home}/daemon.sock", start.Stderr);
        Assert.Contains($"hint: stop it (kill {Environment.ProcessId})", start.Stderr);
        Assert.Equal(69, up.ExitCode);
        Assert.Contains("not a th daemon", up.Stderr);
        Assert.Null(th.DaemonPid());
        await stop.CancelAsync();
        listener.Dispose();
        await serving;
    }

    [Fact(Timeout = 120_000)]
    public async Task Six_concurrent_starts_all_exit_0_with_the_pid_of_the_one_daemon_that_serves()
    {
        await using var th = new ThHome();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => th.RunAsync("daemon")));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var pids = results.Select(r => int.Parse(PidPattern().Match(r.Stdout).Groups[1].Value)).Distinct().ToList();
        var pid = Assert.Single(pids);
        Assert.Equal(pid, th.DaemonPid());
        Assert.True(Processes.IsAlive(pid));
        Assert.Single(results, r => r.Stdout.StartsWith("daemon started", StringComparison.Ordinal));
        Assert.Contains($"pid      {pid}", (await th.OkAsync("daemon", "status")).Stdout);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Daemon_stop_returns_while_the_stopped_daemon_is_a_zombie_nobody_reaps()
    {
        await using var th = new ThHome();
        // The background daemon's parent execs sleep, which never waits: a stopped daemon stays a zombie, as under a container PID 1 that does not reap.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"'{ThBinary.Path}' daemon --foreground >/dev/null 2>&1 & exec sleep 600");
        start.Environment["TURTLE_HARBOR_HOME"] = th.Home;
        using var parent = Process.Start(start)!;
        try
        {
            await Eventually.TrueAsync(() => th.DaemonPid() is { } p && Processes.ParentOf(p) == parent.Id && File.Exists(Path.Combine(th.Home, "daemon.sock")), "the daemon under a non-reaping parent");
            var daemon = th.DaemonPid()!.Value;
            while ((await th.RunAsync("daemon", "status")).ExitCode != 0)
            {
                await Task.Delay(50);
            }

            var stop = await th.RunAsync(["daemon", "stop"], TimeSpan.FromSeconds(30));

            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.Contains($"daemon stopped (pid {daemon})", stop.Stdout);
            Assert.True(Processes.IsZombie(daemon), "the daemon should still be an unreaped zombie when stop returned");
        }
        finally
        {
            parent.Kill();
            await parent.WaitForExitAsync();
        }
    }

    private static async Task HangUpOnEveryConnectionAsync(Socket listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test is over.
        }
    }

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex PidPattern();
}
