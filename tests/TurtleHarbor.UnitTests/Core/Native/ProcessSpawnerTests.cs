using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class ProcessSpawnerTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> PathOnly = new() { ["PATH"] = "/usr/bin:/bin" };
    private readonly SpawnedChildren _children = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _children.DisposeAsync().AsTask();

    internal static SpawnRequest Sleep(SpawnStdio stdio = SpawnStdio.Pipes, bool newSession = false) =>
        new("/bin/sleep", SpawnedChildren.Args("sleep", "1000"), "/", PathOnly, stdio, newSession);

    [Fact(Timeout = 30_000)]
    public async Task Output_arrives_on_the_stdout_and_stderr_pipes()
    {
        var (stdout, stderr, status) = await _children.RunShellAsync("echo out; echo err >&2; exit 0");

        Assert.Equal("out\n", stdout);
        Assert.Equal("err\n", stderr);
        Assert.True(status.Success);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task The_child_leads_a_new_process_group_as_soon_as_spawn_returns()
    {
        var process = _children.Start(Sleep());

        var stat = ProcStat.Read(process.Pid)!.Value;
        Assert.Equal(process.Pid, process.ProcessGroupId);
        Assert.Equal(process.Pid, stat.ProcessGroupId);
        Assert.NotEqual(ProcStat.Read(Environment.ProcessId)!.Value.SessionId, process.Pid);

        ProcessGroup.Signal(process.ProcessGroupId, Signal.Kill);
        Assert.Equal(SignalNumbers.ToNumber(Signal.Kill), (await _children.ExitAsync(process)).SignalNumber);
    }

    [LinuxFact]
    public void A_new_session_makes_the_child_session_and_group_leader()
    {
        var process = _children.Start(Sleep(SpawnStdio.Null, newSession: true));

        var stat = ProcStat.Read(process.Pid)!.Value;
        Assert.Equal(process.Pid, stat.SessionId);
        Assert.Equal(process.Pid, stat.ProcessGroupId);
    }

    [LinuxFact]
    public void The_child_ignores_and_blocks_no_signal_although_dotnet_ignores_SIGPIPE()
    {
        var sigpipeBit = 1UL << (SignalNumbers.ToNumber(Signal.Pipe) - 1);
        Assert.NotEqual(0UL, ProcFs.SignalMask(Environment.ProcessId, "SigIgn") & sigpipeBit);

        var process = _children.Start(Sleep());

        Assert.Equal(0UL, ProcFs.SignalMask(process.Pid, "SigIgn"));
        Assert.Equal(0UL, ProcFs.SignalMask(process.Pid, "SigBlk"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Environment_and_working_directory_are_applied_and_nothing_else_is_inherited()
    {
        var directory = Directory.CreateTempSubdirectory("th-native-");
        try
        {
            var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["FOO"] = "bar baz ü" };

            var (stdout, _, status) = await _children.RunShellAsync("pwd -P; echo \"$FOO\"; echo \"${HOME-unset}\"", directory.FullName, environment);

            Assert.True(status.Success);
            var physical = directory.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory.FullName;
            Assert.Equal([physical, "bar baz ü", "unset"], stdout.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            directory.Delete();
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task The_chdir_trampoline_for_old_glibc_runs_the_program_in_the_working_directory()
    {
        var directory = Directory.CreateTempSubdirectory("th-native-");
        try
        {
            var request = new SpawnRequest("/bin/sh", SpawnedChildren.Args("sh", "-c", "pwd -P; echo \"$1\"", "zero", "one arg"), directory.FullName, PathOnly, SpawnStdio.Pipes, NewSession: false);
            var (executable, arguments) = ProcessSpawner.ChdirTrampoline(request);

            var process = _children.Start(request with { Executable = executable, Arguments = arguments, WorkingDirectory = "/" });
            var stdout = await SpawnedChildren.ReadAllAsync(process.Stdout!);

            var physical = directory.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory.FullName;
            Assert.Equal($"{physical}\none arg\n", stdout);
            Assert.True((await _children.ExitAsync(process)).Success);
            Assert.Throws<NativeCallException>(() => ProcessSpawner.ChdirTrampoline(request with { WorkingDirectory = directory.FullName + "-missing" }));
        }
        finally
        {
            directory.Delete();
        }
    }

    [LinuxFact]
    public void Null_stdio_points_all_three_standard_fds_at_dev_null()
    {
        var process = _children.Start(Sleep(SpawnStdio.Null));

        Assert.Null(process.Stdout);
        Assert.Null(process.Stderr);
        Assert.All([0, 1, 2], fd => Assert.Equal("/dev/null", ProcFs.FdTarget(process.Pid, fd)));
    }

    [Fact]
    public void A_missing_executable_fails_at_once_and_names_it()
    {
        var request = Sleep() with { Executable = "/nonexistent/th-test-binary" };

        var exception = Assert.Throws<NativeCallException>(() => ProcessSpawner.Spawn(request));

        Assert.Equal(Errno.ENOENT, exception.Errno);
        Assert.Contains("executable '/nonexistent/th-test-binary' does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_executable_or_an_empty_argv_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ProcessSpawner.Spawn(Sleep() with { Executable = "sleep" }));
        Assert.Throws<ArgumentException>(() => ProcessSpawner.Spawn(Sleep() with { Arguments = [] }));
    }
}
