using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>max_memory: two samples in a row above it restart the script through its stop sequence and restart policy.</summary>
public sealed class DaemonCoreMemoryTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan Interval = DaemonCore.MemorySampleInterval;

    private const string Limited = """
        scripts:
          web:
            command: sleep 60
            max_memory: 100MB
            restart_delay: 1s
        """;

    [Fact(Timeout = 30_000)]
    public async Task One_sample_above_the_limit_does_not_restart_and_a_sample_below_starts_the_count_again()
    {
        await using var h = await CoreHarness.StartAsync(Limited);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var pid = (await h.StatusAsync("web")).Pid!.Value;

        h.Host.SetUsage(pid, 0, 200 * MiB);
        await h.AdvanceAsync(Interval);
        Assert.Empty(h.Host.Signals);

        h.Host.SetUsage(pid, 0, 50 * MiB);
        await h.AdvanceAsync(Interval);
        h.Host.SetUsage(pid, 0, 200 * MiB);
        await h.AdvanceAsync(Interval);

        Assert.Empty(h.Host.Signals);
        var status = await h.StatusAsync("web");
        Assert.Equal((ScriptStatus.Running, pid, (int?)0), (status.Status, status.Pid!.Value, status.MemoryRestarts));
    }

    [Fact(Timeout = 30_000)]
    public async Task Two_samples_in_a_row_above_the_limit_stop_the_group_and_restart_it_with_trigger_memory_even_under_policy_never()
    {
        await using var h = await CoreHarness.StartAsync(Limited);
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        var first = await h.StatusAsync("web");
        h.Host.SetUsage(first.Pid!.Value, 0, 200 * MiB);

        await h.AdvanceAsync(Interval);
        await h.AdvanceAsync(Interval);

        Assert.Equal([(first.Pgid!.Value, Signal.Term)], h.Host.Signals);
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        var second = await h.StatusAsync("web");
        Assert.Equal(ScriptStatus.Running, second.Status);
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.Equal((1, (int?)1), (second.Restarts, second.MemoryRestarts));

        var runs = await h.HistoryAsync("web");
        Assert.Equal([RunTrigger.Up, RunTrigger.Memory], runs.Select(r => r.Trigger));
        var log = await h.LogContainingAsync("web", "(memory)");
        Assert.Contains("[th] memory 200.0M above max_memory 100M for 2 samples; restarting", log, StringComparison.Ordinal);

        // The new run stays below: no second restart for the same breach.
        await h.PassAsync(4 * Interval, Interval);
        Assert.Equal(1, (await h.StatusAsync("web")).MemoryRestarts);
        Assert.Single(h.Host.Signals);
    }

    [Fact(Timeout = 30_000)]
    public async Task Memory_restarts_count_towards_max_restarts_and_back_off()
    {
        await using var h = await CoreHarness.StartAsync(Limited + "\n    max_restarts: 1\n    min_uptime: 1h\n");
        await h.OutcomesAsync(new UpCommand(h.Config(), []));

        for (var breach = 1; breach <= 2; breach++)
        {
            var run = await h.StatusAsync("web");
            h.Host.SetUsage(run.Pid!.Value, 0, 200 * MiB);
            await h.AdvanceAsync(Interval);
            await h.AdvanceAsync(Interval);
            await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var status = await h.StatusAsync("web");
        Assert.Equal((ScriptStatus.Failed, (int?)2), (status.Status, status.MemoryRestarts));
        await h.LogContainingAsync("web", "gave up after 1 restarts in a row");
    }

    [Fact(Timeout = 30_000)]
    public async Task No_sampling_timer_is_armed_without_a_running_script_with_max_memory()
    {
        await using var h = await CoreHarness.StartAsync("scripts:\n  web:\n    command: sleep 60\n  other:\n    command: sleep 60\n    max_memory: 1GB\n");
        await h.OutcomesAsync(new UpCommand(h.Config(), ["web"]));
        await h.PassAsync(3 * Interval, Interval);
        Assert.Equal(0, h.Clock.TimersArmed(Interval));

        await h.OutcomesAsync(new UpCommand(h.Config(), ["other"]));
        await h.PassAsync(2 * Interval, Interval);
        Assert.Equal(3, h.Clock.TimersArmed(Interval));

        await h.OutcomesAsync(new DownCommand(h.Source(), ["other"]));
        await h.PassAsync(3 * Interval, Interval);
        // The timer pending at the stop fires once, finds nothing to watch and is not armed again.
        Assert.InRange(h.Clock.TimersArmed(Interval), 3, 4);
        var armed = h.Clock.TimersArmed(Interval);
        await h.PassAsync(3 * Interval, Interval);
        Assert.Equal(armed, h.Clock.TimersArmed(Interval));
    }

    [Fact(Timeout = 30_000)]
    public async Task Status_fills_cpu_memory_and_processes_of_running_groups_from_one_sample()
    {
        await using var h = await CoreHarness.StartAsync("scripts:\n  a:\n    command: sleep 60 & sleep 60\n  b:\n    command: sleep 60\n  c:\n    command: exit 0\n");
        await h.OutcomesAsync(new UpCommand(h.Config(), []));
        await h.SettleAsync();
        var a = await h.StatusAsync("a");
        foreach (var member in h.Host.MembersOf(a.Pgid!.Value).Append(a.Pid!.Value))
        {
            h.Host.SetUsage(member, 0, 10 * MiB);
        }

        var before = h.Host.Samples.Count;
        var result = (StatusResult)await h.SendAsync(new StatusCommand(h.Source()));

        Assert.Equal(before + 1, h.Host.Samples.Count);
        var rows = result.Scripts.ToDictionary(s => s.Name);
        Assert.Equal(((long?)(20 * MiB), (int?)2), (rows["a"].RssBytes, rows["a"].Processes));
        Assert.Equal(((long?)0, (int?)1), (rows["b"].RssBytes, rows["b"].Processes));
        Assert.Null(rows["c"].RssBytes);
        Assert.Null(rows["c"].Processes);
        Assert.Null(rows["c"].CpuPercent);
    }
}
