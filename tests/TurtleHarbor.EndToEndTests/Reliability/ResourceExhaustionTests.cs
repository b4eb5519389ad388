using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>Too few file descriptors, a config that is too big or too deep.</summary>
public sealed class ResourceExhaustionTests
{
    // 160: the JIT daemon alone holds ~95 fds (the AOT one far fewer), and 80 scripts need ~4 each. The daemon
    // keeps its last 32 for itself, so it refuses the starts that would take them instead of running out:
    // before it did, accept failed with EMFILE and the JIT runtime aborted ("Out of memory.", exit 134).
    [Fact(Timeout = 180_000)]
    public async Task With_few_file_descriptors_spawns_fail_clearly_and_the_daemon_keeps_serving()
    {
        await using var th = new ThHome();
        th.Environment["TURTLE_HARBOR_NO_AUTOSTART"] = "1";
        th.WriteConfig("scripts:\n" + string.Concat(Enumerable.Range(0, 80).Select(i => $"  s{i}:\n    command: exec sleep 1000\n")));
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", $"ulimit -n 160; exec '{ThBinary.Path}' daemon --foreground" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TURTLE_HARBOR_HOME"] = th.Home;
        using var daemon = Process.Start(start)!;
        var daemonOut = daemon.StandardOutput.ReadToEndAsync();
        var daemonErr = daemon.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.TrueAsync(() => File.Exists(Path.Combine(th.Home, "daemon.sock")) || daemon.HasExited, "daemon socket");
            Assert.False(daemon.HasExited, "the daemon did not start with 160 fds");

            var up = await th.RunAsync("up");

            Assert.Contains("not started: th keeps its last 32 file descriptors for itself (limit 160; raise it with `ulimit -n`", up.Stderr);
            Assert.Equal(1, up.ExitCode);
            var rows = await th.PsAsync();
            Assert.Contains(rows, r => r.Status == "running");
            Assert.Contains(rows, r => r.Status == "failed");
            await th.OkAsync("down");
            Assert.All(await th.PsAsync(), r => Assert.Equal("stopped", r.Status));
            Assert.False(daemon.HasExited);

            // Nothing ran out of descriptors on the way (accept, state saves, log files), and it stops cleanly.
            await th.OkAsync("daemon", "stop");
            Assert.True(daemon.WaitForExit(30_000), "the daemon did not stop");
            Assert.Equal(0, daemon.ExitCode);
            var output = await daemonOut + await daemonErr;
            Assert.DoesNotContain("Too many open files", output);
        }
        catch (Exception e) when (daemon.WaitForExit(5_000))
        {
            // Say how the daemon ended: its own last words are the point of this test.
            throw new Xunit.Sdk.XunitException($"{e.Message}\nthe daemon exited with {daemon.ExitCode}; its output:\n{await daemonOut}\n{await daemonErr}");
        }
        finally
        {
            if (!daemon.HasExited)
            {
                Processes.Kill(daemon.Id);
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_config_over_one_MiB_is_refused_with_its_size()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1\n" + string.Concat(Enumerable.Repeat("# padding padding padding padding padding\n", 30_000)));

        var result = await th.RunAsync("validate");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"{th.ConfigPath}:1:1:", result.Stderr + result.Stdout);
        Assert.Contains("at most", result.Stderr + result.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_deeply_nested_config_is_refused_with_a_position()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1\n    env: " + new string('[', 50_000) + new string(']', 50_000) + "\n");

        var result = await th.RunAsync("validate");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("nested deeper than", result.Stderr + result.Stdout);
        Assert.Contains($"{th.ConfigPath}:4:", result.Stderr + result.Stdout);
    }
}
