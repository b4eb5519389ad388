using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>The file is the truth (up and restart after an edit), and min_uptime with the one restart counter.</summary>
public sealed partial class DefinitionChangeTests
{
    private static string Greeter(string greeting) => $$"""
        scripts:
          greeter:
            command: echo "greeting=$GREETING"; exec sleep 300
            env: { GREETING: {{greeting}} }
          bystander:
            command: sleep 300
        """;

    [Fact(Timeout = 120_000)]
    public async Task Up_after_an_env_edit_restarts_the_script_with_the_new_value_and_names_the_changed_field()
    {
        await using var th = new ThHome();
        th.WriteConfig(Greeter("one"));
        await th.OkAsync("up");
        await th.WaitForLogAsync("greeter", "[stdout] greeting=one");
        var before = await th.WaitForPsAsync(r => r.All(x => x.Status == "running"), "both running");

        th.WriteConfig(Greeter("two"));
        var up = await th.OkAsync("up");

        Assert.Matches(@"greeter\s+restarted \(pid \d+\) - changed: env", up.Stdout);
        Assert.Matches(@"bystander\s+already running", up.Stdout);
        await th.WaitForLogAsync("greeter", "[stdout] greeting=two");
        await th.WaitForLogAsync("greeter", "[th] definition changed (env): restarting with the new one");
        var after = await th.PsAsync();
        Assert.NotEqual(before.Single(r => r.Name == "greeter").Pid, after.Single(r => r.Name == "greeter").Pid);
        Assert.Equal(before.Single(r => r.Name == "bystander").Pid, after.Single(r => r.Name == "bystander").Pid);
        Assert.False(Processes.IsAlive(before.Single(r => r.Name == "greeter").Pid!.Value));

        var again = await th.OkAsync("up");
        Assert.Matches(@"greeter\s+already running", again.Stdout);
    }

    [Fact(Timeout = 120_000)]
    public async Task Restart_after_an_edit_runs_the_new_definition()
    {
        await using var th = new ThHome();
        th.WriteConfig(Greeter("one"));
        await th.OkAsync("up", "greeter");
        await th.WaitForLogAsync("greeter", "[stdout] greeting=one");

        th.WriteConfig(Greeter("two"));
        var restart = await th.OkAsync("restart", "greeter");

        Assert.Matches(@"greeter\s+restarted \(pid \d+\) - changed: env", restart.Stdout);
        await th.WaitForLogAsync("greeter", "[stdout] greeting=two");
    }

    [Fact(Timeout = 120_000)]
    public async Task Min_uptime_decides_which_runs_reset_the_restart_count_and_RESTARTS_counts_the_same_as_the_log()
    {
        await using var th = new ThHome();
        // Both crash after about a second. For 'steady' that is a stable run (min_uptime 300ms), so it
        // never gives up; for 'flaky' (min_uptime 1m) every crash is one more in a row.
        th.WriteConfig("""
            scripts:
              steady:
                command: sleep 1; exit 1
                restart_policy: always
                restart_delay: 0
                max_restarts: 2
                min_uptime: 300ms
              flaky:
                command: sleep 1; exit 1
                restart_policy: always
                restart_delay: 0
                max_restarts: 2
                min_uptime: 1m
            """);

        await th.OkAsync("up");

        var flaky = await th.WaitForStatusAsync("flaky", "failed", TimeSpan.FromSeconds(60));
        Assert.Equal(2, flaky.Restarts);
        await th.WaitForLogAsync("flaky", "[th] gave up after 2 restarts in a row");
        Assert.Equal(["1 of 2", "2 of 2"], RestartLines(th, "flaky"));

        await th.WaitForPsAsync(_ => RestartLines(th, "steady").Count >= 3, "three restarts of steady");
        var steady = await th.PsRowAsync("steady");
        Assert.NotEqual("failed", steady.Status);
        Assert.Equal(1, steady.Restarts);
        Assert.All(RestartLines(th, "steady"), line => Assert.Equal("1 of 2", line));
        await th.OkAsync("down");
    }

    private static List<string> RestartLines(ThHome th, string name)
    {
        using var stream = new FileStream(th.LogOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return [.. RestartLine().Matches(new StreamReader(stream).ReadToEnd()).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"\(restart (\d+ of \d+)\)")]
    private static partial Regex RestartLine();
}
