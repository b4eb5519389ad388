namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 14 item 6: usage mistakes get one sentence and exit 64; ps filters by name; daemon status says there is none.</summary>
public sealed class CliPolishTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("th: --tail must be 0 or more, found '-5'", "logs", "-n", "-5")]
    [InlineData("th: --tail takes a whole number of lines (0 or more), found 'abc'", "logs", "-n", "abc")]
    [InlineData("th: --log-level must be one of trace, debug, information, warning, error, critical, none, found 'bogus'", "daemon", "--log-level", "bogus")]
    [InlineData("th: unknown command or argument 'frob'", "frob")]
    public async Task A_usage_mistake_is_one_sentence_and_exit_64(string expected, params string[] args)
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts: {}\n");

        var result = await th.RunAsync(args);

        Assert.Equal(64, result.ExitCode);
        Assert.Equal([expected, "hint: see 'th --help'"], result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact(Timeout = 60_000)]
    public async Task Ps_with_names_shows_only_those_and_an_unknown_one_is_exit_65()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a: { command: exec sleep 60 }\n  b: { command: exec sleep 60 }\n");
        await th.OkAsync("up");

        var rows = (await th.OkAsync("ps", "a", "--json")).Stdout;
        var missing = await th.RunAsync("ps", "zz");

        Assert.Contains("\"name\":\"a\"", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("\"name\":\"b\"", rows, StringComparison.Ordinal);
        Assert.Equal(65, missing.ExitCode);
        Assert.Equal($"th: no script 'zz' in {th.ConfigPath}", missing.Stderr.Trim());
    }

    [Fact(Timeout = 60_000)]
    public async Task Daemon_status_without_a_daemon_says_none_is_running_and_exits_69()
    {
        await using var th = new ThHome();

        var result = await th.RunAsync("daemon", "status");

        Assert.Equal(69, result.ExitCode);
        Assert.StartsWith("th: no daemon is running (socket ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("TURTLE_HARBOR_NO_AUTOSTART", result.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Reload_of_an_emptied_file_refuses_without_force_and_stops_nothing()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a: { command: exec sleep 60 }\n");
        await th.OkAsync("up");
        th.WriteConfig("");

        var refused = await th.RunAsync("reload");

        Assert.Equal(64, refused.ExitCode);
        Assert.StartsWith($"th: {th.ConfigPath} has no scripts left; reloading it would stop a", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", (await th.PsRowAsync("a")).Status);

        await th.OkAsync("reload", "--force");
        await th.WaitForPsAsync(rows => rows.Count == 0 || rows.All(r => r.Status != "running"), "a stopped");
    }

    [Fact(Timeout = 60_000)]
    public async Task Help_shows_optional_names_in_capitals()
    {
        await using var th = new ThHome();

        var help = await th.OkAsync("up", "--help");

        // System.CommandLine always wraps an argument in <>; [<NAME>...] is as close to [NAME...] as it prints.
        Assert.Contains("  th up [<NAME>...] [options]\n", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("  <NAME>  script names (all when none)\n", help.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Up_of_an_emptied_file_refuses_without_force_like_reload()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a: { command: exec sleep 60 }\n");
        await th.OkAsync("up");
        th.WriteConfig("");

        var refused = await th.RunAsync("up");
        var forced = await th.RunAsync("up", "--force");

        Assert.Equal(64, refused.ExitCode);
        Assert.Equal(
            [$"th: {th.ConfigPath} has no scripts left; the daemon still runs a", "hint: if that is what you want, run 'th up --force' (or 'th down')"],
            refused.Stderr.TrimEnd().Split('\n'));
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("running", (await th.PsRowAsync("a")).Status);
    }
}
