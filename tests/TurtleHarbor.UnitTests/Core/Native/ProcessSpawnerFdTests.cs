using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

[Collection(nameof(FdSensitiveCollection))]
public sealed unsafe class ProcessSpawnerFdTests : IAsyncLifetime
{
    private readonly SpawnedChildren _children = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _children.DisposeAsync().AsTask();

    [LinuxFact]
    public void The_child_holds_only_fds_0_1_2_even_when_we_hold_an_inheritable_fd()
    {
        var fds = stackalloc int[2];
        Assert.Equal(0, Libc.pipe(fds)); // deliberately without O_CLOEXEC
        try
        {
            var piped = _children.Start(ProcessSpawnerTests.Sleep(SpawnStdio.Pipes));
            var nulled = _children.Start(ProcessSpawnerTests.Sleep(SpawnStdio.Null));

            Assert.Equal(["0", "1", "2"], ProcFs.OpenFds(piped.Pid));
            Assert.Equal(["0", "1", "2"], ProcFs.OpenFds(nulled.Pid));
        }
        finally
        {
            Libc.close(fds[0]);
            Libc.close(fds[1]);
        }
    }

    [LinuxFact]
    public void A_missing_working_directory_fails_at_once_with_ENOENT_and_leaks_no_fd()
    {
        var missing = $"/tmp/th-missing-{Guid.NewGuid():N}";
        var before = ProcFs.OpenFds(Environment.ProcessId);

        var exception = Assert.Throws<NativeCallException>(() =>
            ProcessSpawner.Spawn(ProcessSpawnerTests.Sleep() with { WorkingDirectory = missing }));

        Assert.Equal(before, ProcFs.OpenFds(Environment.ProcessId));
        Assert.Equal(Errno.ENOENT, exception.Errno);
        Assert.Contains($"working directory '{missing}' does not exist", exception.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void The_macOS_pipe_path_marks_both_ends_close_on_exec()
    {
        var (read, write) = NativePipe.CreateWithIoctl();
        using (read)
        using (write)
        {
            Assert.True(IsCloseOnExec((int)read.DangerousGetHandle()));
            Assert.True(IsCloseOnExec((int)write.DangerousGetHandle()));
        }
    }

    private static bool IsCloseOnExec(int fd)
    {
        var flags = File.ReadAllLines($"/proc/self/fdinfo/{fd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal))[6..].Trim();
        return (Convert.ToInt64(flags, 8) & NativeFlags.O_CLOEXEC) != 0;
    }
}
