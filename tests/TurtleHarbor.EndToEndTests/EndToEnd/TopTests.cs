using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary><c>th top</c> driven in a real terminal: a detached tmux session (send-keys, capture-pane).</summary>
public sealed class TopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [InstalledFact("tmux", Timeout = 120_000)]
    public async Task The_table_shows_the_scripts_s_stops_the_selected_one_and_q_gives_the_shell_its_screen_back()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              alpha:
                command: exec sleep 120
              beta:
                command: exec sleep 120
            """);
        await th.OkAsync("up");
        await th.WaitForStatusAsync("alpha", "running");
        await th.WaitForStatusAsync("beta", "running");
        var script = Path.Combine(th.Root, "top.sh");
        var go = Path.Combine(th.Root, "second");
        File.WriteAllText(script, $"""
            cd '{th.Project}'
            export TURTLE_HARBOR_HOME='{th.Home}' TERM=xterm-256color
            unset NO_COLOR
            echo BEFORE-TOP
            '{ThBinary.Path}' top
            echo "AFTER-TOP $?"
            exec sleep 120
            """);
        await using var tmux = new Tmux();
        await tmux.StartAsync(100, 24, "/bin/sh", script);

        var screen = await tmux.WaitForScreenAsync(s => s.Contains("beta", StringComparison.Ordinal) && s.Contains("running", StringComparison.Ordinal), "the table");
        Assert.Contains("NAME", screen);
        Assert.Contains("STATUS", screen);
        Assert.Contains("CPU", screen);
        Assert.Contains("MEM", screen);
        Assert.Contains("> alpha", screen);
        Assert.DoesNotContain("BEFORE-TOP", screen);
        Assert.Equal("1", await tmux.RunAsync("display-message", "-p", "-t", tmux.Target, "#{alternate_on}"));

        await tmux.RunAsync("send-keys", "-t", tmux.Target, "j");
        await tmux.WaitForScreenAsync(s => s.Contains("> beta", StringComparison.Ordinal), "beta selected");
        await tmux.RunAsync("send-keys", "-t", tmux.Target, "s");
        await th.WaitForStatusAsync("beta", "stopped");
        Assert.Equal("running", (await th.PsRowAsync("alpha")).Status);
        await tmux.WaitForScreenAsync(s => s.Contains("beta: stopped", StringComparison.Ordinal), "the stop reported on screen");

        await tmux.RunAsync("send-keys", "-t", tmux.Target, "q");
        screen = await tmux.WaitForScreenAsync(s => s.Contains("AFTER-TOP 0", StringComparison.Ordinal), "top ended");
        Assert.Contains("BEFORE-TOP", screen);
        Assert.DoesNotContain("NAME", screen);
        Assert.Equal("0", await tmux.RunAsync("display-message", "-p", "-t", tmux.Target, "#{alternate_on}"));
        Assert.Equal("on", await tmux.RunAsync("display-message", "-p", "-t", tmux.Target, "#{?cursor_flag,on,off}"));
    }

    // The script waits for the test between the two tops: the second would otherwise enter the alternate screen before
    // a look at the first one's exit (which is what the first version of this test raced against on a quiet machine).
    [InstalledFact("tmux", Timeout = 120_000)]
    public async Task Ctrl_C_and_SIGTERM_also_leave_the_alternate_screen()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  alpha:\n    command: exec sleep 120\n");
        await th.OkAsync("up");
        var script = Path.Combine(th.Root, "top.sh");
        var go = Path.Combine(th.Root, "second");
        File.WriteAllText(script, $"""
            cd '{th.Project}'
            export TURTLE_HARBOR_HOME='{th.Home}' TERM=xterm-256color
            '{ThBinary.Path}' top
            echo "AFTER-FIRST $?"
            while [ ! -e '{go}' ]; do sleep 0.05; done
            exec 3<&0
            '{ThBinary.Path}' top <&3 3<&- &
            echo "TOP-PID $!"
            wait $!
            echo "AFTER-SECOND $?"
            exec sleep 120
            """);
        await using var tmux = new Tmux();
        await tmux.StartAsync(100, 24, "/bin/sh", script);

        await tmux.WaitForScreenAsync(s => s.Contains("alpha", StringComparison.Ordinal), "the table");
        await tmux.RunAsync("send-keys", "-t", tmux.Target, "C-c");
        await tmux.WaitForScreenAsync(s => s.Contains("AFTER-FIRST 0", StringComparison.Ordinal), "Ctrl-C ended top");
        Assert.Equal("0", await tmux.RunAsync("display-message", "-p", "-t", tmux.Target, "#{alternate_on}"));
        File.WriteAllText(go, "");

        // The second top is an asynchronous command of the script (so its pid is known), its stdin the terminal through fd 3.
        await tmux.WaitForScreenAsync(s => s.Contains("alpha", StringComparison.Ordinal) && s.Contains("NAME", StringComparison.Ordinal), "the second table");
        var pidLine = (await tmux.RunAsync("capture-pane", "-p", "-a", "-t", tmux.Target)).Split('\n').First(l => l.StartsWith("TOP-PID ", StringComparison.Ordinal));
        Processes.Terminate(int.Parse(pidLine["TOP-PID ".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
        await tmux.WaitForScreenAsync(s => s.Contains("AFTER-SECOND", StringComparison.Ordinal), "SIGTERM ended top");
        Assert.Equal("0", await tmux.RunAsync("display-message", "-p", "-t", tmux.Target, "#{alternate_on}"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Piped_it_prints_one_plain_table_and_exits()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  alpha:\n    command: exec sleep 120\n  beta:\n    command: exit 3\n");
        await th.OkAsync("up");
        await th.WaitForStatusAsync("beta", "failed");

        var result = await th.OkAsync("top");

        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches("^NAME +STATUS +HEALTH +CPU +MEM +RESTARTS +UPTIME +NEXT RUN$", lines[0]);
        Assert.Matches("^alpha +running +- +", lines[1]);
        Assert.Matches("^beta +failed \\(3\\) +- +- +- +0 +- +-$", lines[2]);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    /// <summary>A private tmux server (its own socket name) with one detached session; killed on disposal.</summary>
    private sealed class Tmux : IAsyncDisposable
    {
        private readonly string _socket = "th-test-" + Guid.NewGuid().ToString("N")[..12];

        public string Target => "top";

        public async Task StartAsync(int columns, int rows, params string[] command)
        {
            await RunAsync(["-f", "/dev/null", "new-session", "-d", "-s", Target, "-x", $"{columns}", "-y", $"{rows}", .. command]);
        }

        /// <summary>Polls capture-pane (the visible screen) until <paramref name="condition"/> holds; returns that screen.</summary>
        public Task<string> WaitForScreenAsync(Func<string, bool> condition, string what) =>
            Eventually.ValueAsync(
                () => RunAsync("capture-pane", "-p", "-t", Target),
                condition,
                screen => $"{what}; the screen:\n{screen}",
                Wait,
                every: TimeSpan.FromMilliseconds(100));

        public async Task<string> RunAsync(params string[] args)
        {
            var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-L");
            start.ArgumentList.Add(_socket);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment.Remove("TMUX");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"tmux {string.Join(' ', args)}: {await stderr}");
            return (await stdout).TrimEnd('\n');
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunAsync("kill-server");
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Already gone.
            }
        }
    }
}
