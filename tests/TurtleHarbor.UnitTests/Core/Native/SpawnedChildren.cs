using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Win32.SafeHandles;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

/// <summary>
/// Starts test children through the real spawner and watcher, records every process group, and
/// SIGKILLs them all (then waits for the leaders' exits) on disposal.
/// </summary>
internal sealed class SpawnedChildren : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly IReadOnlyDictionary<string, string> DefaultEnvironment =
        new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" };

    private readonly ConcurrentBag<SpawnedProcess> _processes = [];
    private readonly ConcurrentDictionary<int, bool> _watched = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ExitStatus>> _exits = new();
    private int _reports;

    public SpawnedChildren(bool usePidfd = true)
    {
        Watcher = new ChildWatcher(OnExit, usePidfd);
    }

    public ChildWatcher Watcher { get; }

    /// <summary>How many times the watcher called back, over all children.</summary>
    public int Reports => Volatile.Read(ref _reports);

    public SpawnedProcess StartShell(string command, string workingDirectory = "/", IReadOnlyDictionary<string, string>? environment = null, SpawnStdio stdio = SpawnStdio.Pipes) =>
        Start(new SpawnRequest("/bin/sh", ["sh", "-c", command], workingDirectory, environment ?? DefaultEnvironment, stdio, NewSession: false));

    public SpawnedProcess Start(SpawnRequest request, bool watch = true)
    {
        var process = ProcessSpawner.Spawn(request);
        _processes.Add(process);
        _watched[process.Pid] = watch;
        if (watch)
        {
            Watcher.Watch(process.Pid);
        }

        return process;
    }

    public Task<ExitStatus> ExitAsync(SpawnedProcess process) => Exit(process.Pid).Task.WaitAsync(Timeout);

    public async Task<(string Stdout, string Stderr, ExitStatus Status)> RunShellAsync(string command, string workingDirectory = "/", IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = StartShell(command, workingDirectory, environment);
        var stdout = ReadAllAsync(process.Stdout!);
        var stderr = ReadAllAsync(process.Stderr!);
        var status = await ExitAsync(process);
        return (await stdout.WaitAsync(Timeout), await stderr.WaitAsync(Timeout), status);
    }

    public static async Task<string> ReadAllAsync(SafeFileHandle handle)
    {
        await using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 1);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public static ImmutableArray<string> Args(params string[] args) => [.. args];

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            // Kill the whole group even after the leader is gone: grandchildren may remain.
            ProcessGroup.Signal(process.ProcessGroupId, Signal.Kill);
            if (_watched[process.Pid])
            {
                await Exit(process.Pid).Task.WaitAsync(Timeout);
            }

            process.Dispose();
        }

        Watcher.Dispose();
    }

    private TaskCompletionSource<ExitStatus> Exit(int pid) =>
        _exits.GetOrAdd(pid, _ => new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void OnExit(int pid, ExitStatus status)
    {
        Interlocked.Increment(ref _reports);
        Exit(pid).TrySetResult(status);
    }
}
