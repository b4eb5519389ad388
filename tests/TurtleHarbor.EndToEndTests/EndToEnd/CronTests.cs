using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Cron scripts, th run and th history on the real binary and the real clock.</summary>
public sealed class CronTests
{
    [Fact(Timeout = 120_000)]
    public async Task An_every_second_schedule_runs_repeatedly_and_ps_shows_the_next_run()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              tick:
                command: echo tick
                cron: "* * * * * *"
            """);

        var up = await th.OkAsync("up");
        Assert.Contains("armed", up.Stdout);

        var row = await th.WaitForStatusAsync("tick", "waiting");
        Assert.NotNull(row.NextRun);
        Assert.True(row.NextRun > DateTimeOffset.UtcNow.AddSeconds(-5) && row.NextRun < DateTimeOffset.UtcNow.AddSeconds(5), $"next_run {row.NextRun}");
        var table = await th.OkAsync("ps");
        Assert.Matches(@"tick\s+.*\s+\d\d:\d\d:\d\d \(in \d+s\)", table.Stdout);

        await WaitForRunsAsync(th, "tick", 2, TimeSpan.FromSeconds(20));
        var history = await th.OkAsync("history", "tick", "--json");
        var runs = JsonDocument.Parse(history.Stdout).RootElement.EnumerateArray().ToList();
        Assert.True(runs.Count >= 2);
        Assert.All(runs, r => Assert.Equal("cron", r.GetProperty("trigger").GetString()));

        await th.OkAsync("down");
        var down = await th.PsRowAsync("tick");
        Assert.Equal("stopped", down.Status);
        Assert.Null(down.NextRun);
    }

    [Fact(Timeout = 120_000)]
    public async Task Th_run_starts_a_cron_script_now_and_history_shows_it_with_trigger_run()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              nightly:
                command: echo backing up; exit 4
                cron: "0 3 * * *"
                timezone: Europe/Berlin
            """);
        await th.OkAsync("up");
        Assert.Equal("waiting", (await th.PsRowAsync("nightly")).Status);

        var run = await th.OkAsync("run", "nightly");
        Assert.Contains("started", run.Stdout);
        await WaitForRunsAsync(th, "nightly", 1, TimeSpan.FromSeconds(20), ended: true);

        var json = await th.OkAsync("history", "--json");
        var entry = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToList());
        Assert.Equal("run", entry.GetProperty("trigger").GetString());
        Assert.Equal("nightly", entry.GetProperty("name").GetString());
        Assert.Equal(4, entry.GetProperty("exit_code").GetInt32());
        Assert.True(entry.GetProperty("duration_secs").GetDouble() >= 0);
        var table = await th.OkAsync("history");
        Assert.Matches(@"NAME\s+TRIGGER\s+STARTED\s+ENDED\s+DURATION\s+RESULT", table.Stdout);
        Assert.Matches(@"nightly\s+run\s+.*exit 4", table.Stdout);

        var row = await th.WaitForStatusAsync("nightly", "waiting");
        Assert.Equal(4, row.ExitCode);
        Assert.NotNull(row.NextRun);
        Assert.Contains("waiting (cron, last exit 4)", (await th.OkAsync("ps")).Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bad_cron_expression_exits_78_with_line_and_column_from_validate_up_and_reload()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: echo\n    cron: \"* * * * *\"\n");
        await th.OkAsync("up");
        th.WriteConfig("scripts:\n  a:\n    command: echo\n    cron: \"61 * * * *\"\n");

        var validate = await th.RunAsync("validate");
        var up = await th.RunAsync("up");
        var reload = await th.RunAsync("reload");

        Assert.Equal(78, validate.ExitCode);
        Assert.Contains("scripts.yml:4:11", validate.Stdout);
        Assert.Contains("cron", validate.Stdout);
        Assert.Equal(78, up.ExitCode);
        Assert.Contains("scripts.yml:4:11", up.Stderr);
        Assert.Equal(78, reload.ExitCode);
        Assert.Contains("scripts.yml:4:11", reload.Stderr);
        Assert.Equal("waiting", (await th.PsAsync()).Single().Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_every_interval_is_refused_with_a_hint()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: echo\n    cron: \"@every 5m\"\n");

        var validate = await th.RunAsync("validate");

        Assert.Equal(78, validate.ExitCode);
        Assert.Contains("not a cron expression", validate.Stdout);
    }

    private static async Task WaitForRunsAsync(ThHome th, string name, int count, TimeSpan timeout, bool ended = false)
    {
        int Runs(ThResult history) => JsonDocument.Parse(history.Stdout).RootElement.EnumerateArray()
            .Count(r => !ended || r.GetProperty("ended_at").ValueKind != JsonValueKind.Null);

        await Eventually.ValueAsync(
            () => th.OkAsync("history", name, "--json"),
            history => Runs(history) >= count,
            history => $"{count} runs of {name}; it ran {Runs(history)} times: {history.Stdout}",
            timeout,
            every: TimeSpan.FromMilliseconds(100));
    }
}
