using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class SessionLeftoversTests
{
    private static readonly IReadOnlyDictionary<string, string> Env = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" };

    [LinuxFact]
    public void Our_own_session_is_never_swept()
    {
        var self = ProcStat.Read(Environment.ProcessId)!.Value;

        Assert.Empty(SessionLeftovers.Find(self.SessionId, self.SessionId, 0));
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task A_live_leader_protects_its_session_and_a_dead_one_gives_up_its_groups()
    {
        await using var children = new SpawnedChildren();
        var live = children.Start(new SpawnRequest("/bin/sh", ["sh", "-c", "exec sleep 1000"], "/", Env, SpawnStdio.Null, NewSession: true));
        var dead = children.Start(new SpawnRequest("/bin/sh", ["sh", "-c", "sleep 1000 & exit 0"], "/", Env, SpawnStdio.Null, NewSession: true));
        try
        {
            var liveStart = ProcessIdentity.GetStartTime(live.Pid)!.Value;
            var deadStart = ProcessIdentity.GetStartTime(dead.Pid) ?? 0;
            await children.ExitAsync(dead);

            Assert.Empty(SessionLeftovers.Find(live.Pid, live.Pid, liveStart));
            Assert.Empty(SessionLeftovers.Find(live.Pid, live.Pid, liveStart + 1));
            Assert.Equal([dead.Pid], SessionLeftovers.Find(dead.Pid, dead.Pid, deadStart));
            Assert.Empty(SessionLeftovers.Find(dead.Pid, dead.Pid + 1, deadStart));
        }
        finally
        {
            ProcessGroup.Signal(live.Pid, Signal.Kill);
            if (ProcessGroup.HasLiveMembers(dead.Pid))
            {
                ProcessGroup.Signal(dead.Pid, Signal.Kill);
            }
        }
    }
}
