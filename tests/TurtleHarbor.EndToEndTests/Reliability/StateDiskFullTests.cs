using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>TURTLE_HARBOR_HOME on a tiny tmpfs that fills up: state.json keeps its last good content.</summary>
public sealed class StateDiskFullTests
{
    [LinuxRootFact(Timeout = 180_000)]
    public async Task A_full_home_keeps_the_old_state_intact_and_the_next_write_after_space_returns_succeeds()
    {
        await using var th = new ThHome();
        Directory.CreateDirectory(th.Home);
        await HostCommand.RunAsync("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", th.Home);
        var state = Path.Combine(th.Home, "state.json");
        var filler = Path.Combine(th.Home, "filler");
        try
        {
            th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n  b:\n    command: exec sleep 1000\n");
            await th.OkAsync("up");
            var before = File.ReadAllText(state);
            Assert.Equal(2, StateJson.Desired(before).Count(d => d == "up"));

            await HostCommand.RunAsync("sh", "-c", $"dd if=/dev/zero of='{filler}' bs=4k 2>/dev/null; true");
            await th.RunAsync("down", "a");

            Assert.Equal(before, File.ReadAllText(state));
            Assert.Empty(Directory.GetFiles(th.Home, "state.json.tmp-*"));
            Assert.Equal("stopped", (await th.PsRowAsync("a")).Status);

            File.Delete(filler);
            await th.OkAsync("down", "b");

            Assert.Equal(["down", "down"], StateJson.Desired(File.ReadAllText(state)));
        }
        finally
        {
            await th.RunAsync("daemon", "stop");
            if (th.DaemonPid() is { } pid && Processes.IsAlive(pid))
            {
                Processes.Kill(pid);
            }

            await HostCommand.RunAsync("umount", "-l", th.Home);
        }
    }
}
