using System.Globalization;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class ProcessIdentityTests : IAsyncLifetime
{
    private readonly SpawnedChildren _children = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _children.DisposeAsync().AsTask();

    [Fact(Timeout = 30_000)]
    public async Task Start_time_is_stable_for_a_live_process_and_null_once_it_is_reaped()
    {
        var process = _children.StartShell("exec sleep 1000", stdio: SpawnStdio.Null);

        var first = ProcessIdentity.GetStartTime(process.Pid);
        Assert.NotNull(first);
        Assert.Equal(first, ProcessIdentity.GetStartTime(process.Pid));
        Assert.True(ProcessIdentity.IsAlive(process.Pid));

        ProcessGroup.Signal(process.ProcessGroupId, Signal.Kill);
        await _children.ExitAsync(process);

        Assert.Null(ProcessIdentity.GetStartTime(process.Pid));
        Assert.False(ProcessIdentity.IsAlive(process.Pid));
    }

    [Fact]
    public void Our_own_start_time_is_known_and_older_than_a_new_child()
    {
        Assert.NotNull(ProcessIdentity.GetStartTime(Environment.ProcessId));
        Assert.True(ProcessIdentity.IsAlive(Environment.ProcessId));
        Assert.True(ProcessIdentity.IsAlive(1)); // init: EPERM for non-root still counts as alive
    }

    [Fact(Timeout = 30_000)]
    public async Task Current_uid_matches_id_u()
    {
        var (stdout, _, _) = await _children.RunShellAsync("id -u");

        Assert.Equal(int.Parse(stdout.Trim(), CultureInfo.InvariantCulture), ProcessIdentity.CurrentUid());
    }

    [Fact]
    public void Proc_stat_parsing_survives_a_command_name_with_spaces_and_parentheses()
    {
        var fields = string.Join(' ', Enumerable.Range(4, 49));
        var stat = ProcStat.Parse(42, $"42 (a) b (c)) S {fields}");

        Assert.Equal(new ProcStat(42, 'S', 5, 6, 22, UserTicks: 14, SystemTicks: 15, RssPages: 24), stat);
    }
}
