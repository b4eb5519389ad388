using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class ChildWatcherTests
{
    [LinuxFact]
    public void Linux_with_glibc_2_36_uses_pidfds()
    {
        using var watcher = new ChildWatcher((_, _) => { });

        Assert.True(watcher.UsesPidfd);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_exit_code_is_reported(bool usePidfd)
    {
        await using var children = new SpawnedChildren(usePidfd);

        var (_, _, status) = await children.RunShellAsync("exit 3");

        Assert.Equal(new ExitStatus(3, null), status);
        Assert.Equal("exit code 3", status.Describe());
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_death_by_signal_is_reported_with_its_number(bool usePidfd)
    {
        await using var children = new SpawnedChildren(usePidfd);
        var term = SignalNumbers.ToNumber(Signal.Term);

        var (_, _, status) = await children.RunShellAsync("kill -TERM $$");

        Assert.Equal(new ExitStatus(null, term), status);
        Assert.Equal($"signal TERM ({term})", status.Describe());
    }

    [Theory(Timeout = 60_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Many_children_are_each_reported_exactly_once(bool usePidfd)
    {
        await using var children = new SpawnedChildren(usePidfd);

        var processes = Enumerable.Range(0, 20).Select(i => children.StartShell($"exit {i}", stdio: SpawnStdio.Null)).ToArray();
        var statuses = await Task.WhenAll(processes.Select(children.ExitAsync));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (int?)i), statuses.Select(s => s.Code));
        Assert.Equal(20, children.Reports);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_child_reaped_by_someone_else_is_reported_as_unknown(bool usePidfd)
    {
        await using var children = new SpawnedChildren(usePidfd);
        var process = children.Start(new SpawnRequest("/bin/sh", SpawnedChildren.Args("sh", "-c", "exit 7"), "/", new Dictionary<string, string>(), SpawnStdio.Null, NewSession: false), watch: false);
        Assert.Equal(7, ChildWatcher.WaitBlocking(process.Pid).Code);

        children.Watcher.Watch(process.Pid);

        Assert.Equal(ExitStatus.Unknown, await children.ExitAsync(process));
    }

    [Fact(Timeout = 30_000)]
    public async Task Watching_a_pid_twice_is_refused()
    {
        await using var children = new SpawnedChildren();
        var process = children.StartShell("exec sleep 1000", stdio: SpawnStdio.Null);

        Assert.Throws<InvalidOperationException>(() => children.Watcher.Watch(process.Pid));
    }
}
