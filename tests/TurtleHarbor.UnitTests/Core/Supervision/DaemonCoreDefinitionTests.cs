using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>The file is the truth: <c>up</c> and <c>restart</c> of a running script whose definition changed start the new one.</summary>
public sealed class DaemonCoreDefinitionTests
{
    private const string Scripts = """
        scripts:
          web:
            command: sleep 60
            env: { GREETING: one }
          other:
            command: sleep 60
        """;

    private static string Edited => Scripts.Replace("GREETING: one", "GREETING: two", StringComparison.Ordinal);

    [Fact(Timeout = 30_000)]
    public async Task Up_of_a_running_script_whose_env_changed_restarts_it_with_the_new_value_and_names_the_field()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var web = up.Single(o => o.Name == "web").Pid!.Value;
        var other = up.Single(o => o.Name == "other").Pid!.Value;
        h.WriteConfig(Edited);

        var again = await h.OutcomesAsync(new UpCommand(h.Config(), []));

        var restarted = again.Single(o => o.Name == "web");
        Assert.Equal(OutcomeKind.Restarted, restarted.Outcome);
        Assert.Equal(["env"], restarted.Changed!);
        Assert.NotEqual(web, restarted.Pid);
        Assert.Equal("two", h.Host.Spawned[^1].Environment["GREETING"]);
        var unchanged = again.Single(o => o.Name == "other");
        Assert.Equal(OutcomeKind.AlreadyRunning, unchanged.Outcome);
        Assert.Null(unchanged.Changed);
        Assert.Equal(other, unchanged.Pid);
        Assert.Equal([(web, Signal.Term)], h.Host.Signals);
        Assert.Equal(RunTrigger.Up, (await h.HistoryAsync("web"))[^1].Trigger);
        await h.LogContainingAsync("web", "definition changed (env): restarting with the new one");
    }

    [Fact(Timeout = 30_000)]
    public async Task Up_of_an_unchanged_running_script_leaves_it_alone()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        var first = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single();

        var again = (await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]))).Single();

        Assert.Equal(OutcomeKind.AlreadyRunning, again.Outcome);
        Assert.Equal(first.Pid, again.Pid);
        Assert.Empty(h.Host.Signals);
    }

    [Fact(Timeout = 30_000)]
    public async Task Restart_after_an_edit_runs_the_new_definition_and_names_what_changed()
    {
        await using var h = await CoreHarness.StartAsync(Scripts);
        await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]));
        h.WriteConfig(Edited.Replace("command: sleep 60\n    env", "command: sleep 61\n    env", StringComparison.Ordinal));

        var restarted = (await h.OutcomesAsync(new RestartCommand(h.Config(), ["web"]))).Single();

        Assert.Equal(OutcomeKind.Restarted, restarted.Outcome);
        Assert.Equal(["command", "env"], restarted.Changed!);
        Assert.Equal("exec sleep 61", h.Host.Spawned[^1].Arguments[^1]);
        Assert.Equal("two", h.Host.Spawned[^1].Environment["GREETING"]);

        var plain = (await h.OutcomesAsync(new RestartCommand(h.Config(), ["web"]))).Single();
        Assert.Equal(OutcomeKind.Restarted, plain.Outcome);
        Assert.Null(plain.Changed);
    }

    [Fact(Timeout = 30_000)]
    public async Task Up_during_a_stop_starts_the_definition_the_file_has_now()
    {
        const string stubborn = """
            scripts:
              web:
                command: trap '' TERM; exec sleep 60
                env: { GREETING: one }
                stop_timeout: 5s
            """;
        await using var h = await CoreHarness.StartAsync(stubborn);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var down = h.Begin(new DownCommand(h.Source(), ["web"]));
        await h.SettleAsync();
        h.WriteConfig(stubborn.Replace("GREETING: one", "GREETING: two", StringComparison.Ordinal));

        var up = (await h.OutcomesAsync(new UpCommand(h.Config(), []))).Single();
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        await down;
        await h.SettleAsync();

        Assert.Equal(OutcomeKind.StartingOnceStopped, up.Outcome);
        Assert.Equal(2, h.Host.Spawned.Count);
        Assert.Equal("two", h.Host.Spawned[^1].Environment["GREETING"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_simple_command_is_execd_by_the_shell_and_a_compound_one_is_not()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              simple:
                command: ./server --port 8080
              compound:
                command: ./server --port 8081 | tee out.log
            """);

        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        var simple = h.Host.Spawned.Single(s => s.Arguments[^1].Contains("8080", StringComparison.Ordinal));
        var compound = h.Host.Spawned.Single(s => s.Arguments[^1].Contains("8081", StringComparison.Ordinal));
        Assert.Equal(new[] { "sh", "-c", "exec ./server --port 8080" }, simple.Arguments.ToArray());
        Assert.Equal(new[] { "sh", "-c", "./server --port 8081 | tee out.log" }, compound.Arguments.ToArray());
        Assert.Equal("/bin/sh", simple.Executable);
    }
}
