using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>An up's starts go to the host as one burst; each outcome still lands at its script's place.</summary>
public sealed class DaemonCoreUpBurstTests
{
    [Fact(Timeout = 30_000)]
    public async Task An_up_spawns_its_starts_as_one_burst_and_a_failed_one_fails_alone_at_its_place()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              a: { command: "echo a; sleep 60" }
              b: { command: "echo b; sleep 60", context: ./gone }
              c: { command: "echo c; sleep 60" }
            """);
        // The config checks its context exists; it is removed after, so b's spawn fails as chdir would.
        var gone = Directory.CreateDirectory(Path.Combine(h.Root, "gone"));
        var config = h.Config();
        gone.Delete();

        var up = await h.OutcomesAsync(new UpCommand(config, []));

        Assert.Equal([3], h.Host.Bursts);
        Assert.Equal(["a", "b", "c"], up.Select(o => o.Name));
        Assert.Equal([OutcomeKind.Started, OutcomeKind.FailedToStart, OutcomeKind.Started], up.Select(o => o.Outcome));
        Assert.Contains("does not exist", up[1].Error);
        Assert.Null(up[1].Pid);
        foreach (var outcome in new[] { up[0], up[2] })
        {
            var status = await h.StatusAsync(outcome.Name);
            Assert.Equal(ScriptStatus.Running, status.Status);
            Assert.Equal(outcome.Pid, status.Pid);
        }

        Assert.Equal(ScriptStatus.Failed, (await h.StatusAsync("b")).Status);
        Assert.Contains("failed to start", await h.LogContainingAsync("b", "failed to start"));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_script_with_depends_on_is_judged_after_what_came_before_it_has_spawned()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              db: { command: "echo db; sleep 60" }
              cache: { command: "echo cache; sleep 60" }
              api: { command: "echo api; sleep 60", depends_on: [db, cache] }
              worker: { command: "echo worker; sleep 60" }
            """);

        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));

        Assert.All(up, o => Assert.Equal(OutcomeKind.Started, o.Outcome));
        Assert.All(up, o => Assert.NotNull(o.Pid));
        Assert.Equal(up.Length, h.Host.Spawned.Count);
        Assert.Equal(up.Length, h.Host.Bursts.Sum());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_start_out_of_descriptors_fails_with_that_reason_and_is_retried_by_the_restart_policy()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              a: { command: "echo a; sleep 60" }
              b: { command: "echo b; sleep 60", restart_policy: on-failure, restart_delay: 2s }
              c: { command: "echo c; sleep 60" }
            """);
        h.Host.FailSpawn = r => r.Arguments[^1].StartsWith("echo a", StringComparison.Ordinal) ? null : new NativeCallException("pipe2", ErrnoTable.Linux.EMFILE);

        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));

        Assert.Equal([OutcomeKind.Started, OutcomeKind.FailedToStart, OutcomeKind.FailedToStart], up.Select(o => o.Outcome));
        Assert.All(up.Skip(1), o => Assert.Contains("Too many open files", o.Error));
        // b's policy retries it after restart_delay; c has none (never) and stays failed.
        Assert.Equal(ScriptStatus.Restarting, (await h.StatusAsync("b")).Status);
        Assert.Equal(ScriptStatus.Failed, (await h.StatusAsync("c")).Status);

        h.Host.FailSpawn = null;
        await h.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("b")).Status);
        Assert.Equal(ScriptStatus.Failed, (await h.StatusAsync("c")).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_start_that_fails_for_another_reason_is_not_retried_even_with_a_restart_policy()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              b: { command: "echo b; sleep 60", restart_policy: always, restart_delay: 2s }
            """);
        h.Host.FailSpawn = _ => new NativeCallException("posix_spawn", ErrnoTable.Linux.EACCES);

        var up = (await h.OutcomesAsync(new UpCommand(h.Config(), []))).Single();
        h.Host.FailSpawn = null;
        await h.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(OutcomeKind.FailedToStart, up.Outcome);
        Assert.Equal(ScriptStatus.Failed, (await h.StatusAsync("b")).Status);
        Assert.Empty(h.Host.Spawned);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_up_near_the_descriptor_limit_starts_what_fits_above_the_reserve_and_refuses_the_rest_clearly()
    {
        await using var h = await CoreHarness.StartAsync("""
            scripts:
              a: { command: "echo a; sleep 60" }
              b: { command: "echo b; sleep 60" }
              c: { command: "echo c; sleep 60", restart_policy: on-failure, restart_delay: 2s }
              d: { command: "echo d; sleep 60" }
            """);
        // 160 - 32 kept - 120 open leaves 8: two scripts of 4.
        h.Host.Limit = 160;
        h.Host.OpenDescriptors = 120;

        var up = await h.OutcomesAsync(new UpCommand(h.Config(), []));

        Assert.Equal([OutcomeKind.Started, OutcomeKind.Started, OutcomeKind.FailedToStart, OutcomeKind.FailedToStart], up.Select(o => o.Outcome));
        Assert.All(up.Skip(2), o => Assert.Equal(DescriptorBudget.Refusal(160), o.Error));
        Assert.Equal([2], h.Host.Bursts);
        Assert.Equal(1, h.Host.DescriptorCounts);
        // Refused like a spawn out of descriptors: c's policy retries it, d has none and stays failed.
        Assert.Equal(ScriptStatus.Restarting, (await h.StatusAsync("c")).Status);
        Assert.Equal(ScriptStatus.Failed, (await h.StatusAsync("d")).Status);

        // Still no room (a and b now hold their 8): the restart is refused too, and counted on its own.
        h.Host.OpenDescriptors = 128;
        await h.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.NotEqual(ScriptStatus.Running, (await h.StatusAsync("c")).Status);
        Assert.Equal(2, h.Host.DescriptorCounts);
        Assert.Equal(2, h.Host.Spawned.Count);

        // Descriptors freed: the next retry starts it.
        h.Host.OpenDescriptors = 100;
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ScriptStatus.Running, (await h.StatusAsync("c")).Status);
        Assert.Equal(3, h.Host.Spawned.Count);
    }
}
