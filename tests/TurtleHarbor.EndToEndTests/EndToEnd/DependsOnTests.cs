using System.Globalization;
using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// depends_on on the real binary: the order of starts and stops read from the timestamps of the
/// script logs, a real one-shot migration, and blocked in ps.
/// </summary>
public sealed partial class DependsOnTests
{
    /// <summary>A script that says when it starts and, on SIGTERM, takes 0.3 s to finish: a stop that overlaps another shows.</summary>
    private static string Lingering(string name) =>
        $"\"trap 'echo bye {name}; sleep 0.3; exit 0' TERM; echo start {name}; while :; do sleep 0.1; done\"";

    /// <summary>
    /// When the first line of the script's log containing <paramref name="text"/> was written; waits for the line,
    /// since the log writer puts lines on disk at its next flush (within 200 ms), after ps may already tell.
    /// </summary>
    private static DateTimeOffset At(ThHome th, string name, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return FirstAt(th, name, text);
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static DateTimeOffset FirstAt(ThHome th, string name, string text)
    {
        using var stream = new FileStream(th.LogOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal) && Stamp().Match(line) is { Success: true } stamp)
            {
                return DateTimeOffset.Parse(stamp.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new Xunit.Sdk.XunitException($"no line with '{text}' in the log of {name}");
    }

    private static async Task WaitForAllAsync(ThHome th, string status, params string[] names) =>
        await th.WaitForPsAsync(rows => names.All(n => rows.Any(r => r.Name == n && r.Status == status)), $"{string.Join(", ", names)} {status}");

    [Fact(Timeout = 120_000)]
    public async Task A_chain_starts_each_script_after_the_one_before_and_down_stops_them_in_reverse_one_after_the_other()
    {
        await using var th = new ThHome();
        th.WriteConfig($"""
            scripts:
              worker: {"{"} command: {Lingering("worker")}, depends_on: [api] {"}"}
              api: {"{"} command: {Lingering("api")}, depends_on: [db] {"}"}
              db: {"{"} command: {Lingering("db")} {"}"}
            """);

        await th.OkAsync("up");
        await WaitForAllAsync(th, "running", "db", "api", "worker");
        foreach (var name in new[] { "db", "api", "worker" })
        {
            await th.WaitForLogAsync(name, $"start {name}");
        }

        Assert.True(At(th, "db", "[th] started pid") <= At(th, "api", "[th] started pid"));
        Assert.True(At(th, "api", "[th] started pid") <= At(th, "worker", "[th] started pid"));

        await th.OkAsync("down");
        // Each stop begins only once the script above it has exited (each takes 0.3 s after SIGTERM).
        Assert.True(At(th, "worker", "[th] exited") <= At(th, "api", "[th] stopping"));
        Assert.True(At(th, "api", "[th] exited") <= At(th, "db", "[th] stopping"));
        Assert.True(At(th, "worker", "[th] stopping") < At(th, "db", "[th] stopping"));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_diamond_of_one_shot_scripts_runs_the_base_then_both_sides_together_then_the_top()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              top:
                command: echo start top; sleep 60
                depends_on:
                  left: { condition: service_completed_successfully }
                  right: { condition: service_completed_successfully }
              left:
                command: echo start left; sleep 0.5; echo done left
                depends_on: { base: { condition: completed_successfully } }
              right:
                command: echo start right; sleep 0.5; echo done right
                depends_on: { base: { condition: completed_successfully } }
              base:
                command: echo start base; sleep 0.3; echo done base
            """);

        await th.OkAsync("up");
        await th.WaitForStatusAsync("top", "running");
        await th.WaitForLogAsync("top", "start top");

        var baseDone = At(th, "base", "[th] exited: exit code 0");
        Assert.True(baseDone <= At(th, "left", "[stdout] start left"));
        Assert.True(baseDone <= At(th, "right", "[stdout] start right"));
        // Both sides ran at once: each started before the other finished.
        Assert.True(At(th, "left", "[stdout] start left") < At(th, "right", "[stdout] done right"));
        Assert.True(At(th, "right", "[stdout] start right") < At(th, "left", "[stdout] done left"));
        var top = At(th, "top", "[stdout] start top");
        Assert.True(At(th, "left", "[th] exited: exit code 0") <= top);
        Assert.True(At(th, "right", "[th] exited: exit code 0") <= top);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_fan_out_starts_the_shared_script_first_and_stops_its_dependents_together_before_it()
    {
        await using var th = new ThHome();
        th.WriteConfig($"""
            scripts:
              a: {"{"} command: {Lingering("a")}, depends_on: [db] {"}"}
              b: {"{"} command: {Lingering("b")}, depends_on: [db] {"}"}
              c: {"{"} command: {Lingering("c")}, depends_on: [db] {"}"}
              db: {"{"} command: {Lingering("db")} {"}"}
            """);

        await th.OkAsync("up");
        await WaitForAllAsync(th, "running", "a", "b", "c", "db");
        var db = At(th, "db", "[th] started pid");
        Assert.All(new[] { "a", "b", "c" }, n => Assert.True(db <= At(th, n, "[th] started pid"), n));

        await th.OkAsync("down");
        var dbStopping = At(th, "db", "[th] stopping");
        // The three went down together (each stop began before any of them had exited), and db after all of them.
        var firstExit = new[] { "a", "b", "c" }.Min(n => At(th, n, "[th] exited"));
        Assert.All(new[] { "a", "b", "c" }, n => Assert.True(At(th, n, "[th] stopping") < firstExit, n));
        Assert.All(new[] { "a", "b", "c" }, n => Assert.True(At(th, n, "[th] exited") <= dbStopping, n));
    }

    [Fact(Timeout = 120_000)]
    public async Task Completed_successfully_waits_for_a_real_migration_and_a_failed_one_shows_blocked_in_ps()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              migrate:
                command: echo migrating; sleep 0.5; echo migrated
              api:
                command: echo start api; sleep 60
                depends_on:
                  migrate: { condition: completed_successfully }
            """);

        var up = await th.OkAsync("up");
        Assert.Contains("waiting for depends_on", up.Stdout);
        await th.WaitForStatusAsync("api", "running");
        await th.WaitForLogAsync("api", "start api");
        Assert.True(At(th, "migrate", "[stdout] migrated") <= At(th, "api", "[stdout] start api"));
        Assert.Contains("[th] waiting for depends_on (migrate: running)", File.ReadAllText(th.LogOf("api")));

        await th.OkAsync("down");
        th.WriteConfig("""
            scripts:
              migrate:
                command: echo migrating; exit 3
              api:
                command: echo start api; sleep 60
                depends_on:
                  migrate: { condition: completed_successfully }
            """);
        await th.OkAsync("up");

        var api = await th.WaitForStatusAsync("api", "blocked");
        Assert.Equal("migrate: exited 3", api.BlockedBy);
        Assert.Matches(@"api\s+blocked \(migrate: exited 3\)", (await th.OkAsync("ps")).Stdout);
        await th.WaitForLogAsync("api", "[th] blocked by depends_on (migrate: exited 3); starts when it recovers");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_cycle_is_refused_by_up_with_its_position_and_the_names_on_it()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: sleep 1\n    depends_on: [b]\n  b:\n    command: sleep 1\n    depends_on: [a]\n");

        var up = await th.RunAsync("up");

        Assert.Equal(78, up.ExitCode);
        Assert.Contains("scripts.yml:4:18: depends_on forms a cycle: a -> b -> a", up.Stderr);
    }

    [GeneratedRegex(@"^(\S+) \[")]
    private static partial Regex Stamp();
}
