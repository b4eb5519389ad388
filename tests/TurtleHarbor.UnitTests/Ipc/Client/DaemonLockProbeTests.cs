using TurtleHarbor.Ipc.Client;

namespace TurtleHarbor.Tests.Ipc.Client;

public sealed class DaemonLockProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("th-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_lock_reads_as_held_exactly_while_a_daemon_style_exclusive_lock_is_open()
    {
        var lockFile = Path.Combine(_dir, "daemon.lock");
        Assert.False(DaemonLockProbe.IsHeld(lockFile)); // no file yet

        // As Daemon/DaemonLock takes it.
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.True(DaemonLockProbe.IsHeld(lockFile));
        }

        Assert.False(DaemonLockProbe.IsHeld(lockFile));
        Assert.False(DaemonLockProbe.IsHeld(Path.Combine(_dir, "missing", "daemon.lock")));
    }
}
