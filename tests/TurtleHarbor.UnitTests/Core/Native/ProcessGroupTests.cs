using System.Globalization;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class ProcessGroupTests : IAsyncLifetime
{
    private readonly SpawnedChildren _children = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _children.DisposeAsync().AsTask();

    [Fact(Timeout = 30_000)]
    public async Task Signal_kills_every_member_and_then_the_group_has_no_live_members()
    {
        var process = _children.StartShell("sleep 1000 & echo $!; sleep 1000 & echo $!; wait");
        using var reader = new StreamReader(new FileStream(process.Stdout!, FileAccess.Read, bufferSize: 1));
        var sleeps = new[]
        {
            int.Parse((await reader.ReadLineAsync().WaitAsync(SpawnedChildren.Timeout))!, CultureInfo.InvariantCulture),
            int.Parse((await reader.ReadLineAsync().WaitAsync(SpawnedChildren.Timeout))!, CultureInfo.InvariantCulture),
        };
        Assert.True(ProcessGroup.HasLiveMembers(process.ProcessGroupId));

        Assert.True(ProcessGroup.Signal(process.ProcessGroupId, Signal.Term));

        Assert.Equal(SignalNumbers.ToNumber(Signal.Term), (await _children.ExitAsync(process)).SignalNumber);
        foreach (var sleep in sleeps)
        {
            await ExitOfAnyProcessAsync(sleep);
        }

        // The sleeps were not our children: they may linger as zombies, which must not count.
        Assert.False(ProcessGroup.HasLiveMembers(process.ProcessGroupId));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_group_that_is_gone_is_reported_rather_than_thrown()
    {
        var process = _children.StartShell("exit 0", stdio: SpawnStdio.Null);
        await _children.ExitAsync(process);

        Assert.False(ProcessGroup.HasLiveMembers(process.ProcessGroupId));
        Assert.False(ProcessGroup.Signal(process.ProcessGroupId, Signal.Term));
    }

    [Fact]
    public void Our_own_group_and_init_cannot_be_addressed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessGroup.Signal(0, Signal.Term));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessGroup.Signal(1, Signal.Term));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessGroup.HasLiveMembers(-5));
    }

    // A pidfd works for any process, not only children, and turns readable when it exits.
    private static Task ExitOfAnyProcessAsync(int pid) => Task.Run(() => WaitForExit(pid));

    private static unsafe void WaitForExit(int pid)
    {
        var fd = Libc.pidfd_open(pid, 0);
        if (fd < 0)
        {
            return; // already gone entirely
        }

        try
        {
            var pollFd = new Libc.PollFd { Fd = fd, Events = NativeFlags.POLLIN };
            Assert.Equal(1, Libc.poll(&pollFd, 1, (int)SpawnedChildren.Timeout.TotalMilliseconds));
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
