using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// A real <see cref="DaemonCore"/> (real processes, real exit watching) on a <see cref="WallClock"/>,
/// in a private temp home. Disposal shuts the core down and kills every group a run ever had.
/// </summary>
internal sealed class CoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<int> _groups = [];
    private DaemonCore _core = null!;
    private Task _loop = Task.CompletedTask;

    private CoreHarness(string root)
    {
        Root = root;
        Paths = new ThPaths(System.IO.Path.Combine(root, "h"), System.IO.Path.Combine(root, "h", "s.sock"), System.IO.Path.Combine(root, "h", "state.json"), System.IO.Path.Combine(root, "h", "logs"));
        Directory.CreateDirectory(Paths.LogDir);
    }

    public string Root { get; }
    public ThPaths Paths { get; }
    public WallClock Clock { get; } = new(Start);
    public string ConfigPath => System.IO.Path.Combine(Root, "scripts.yml");
    public DaemonCore Core => _core;

    public static async Task<CoreHarness> StartAsync(string yaml)
    {
        var harness = new CoreHarness(Directory.CreateTempSubdirectory("thc-").FullName);
        harness.WriteConfig(yaml);
        await harness.StartCoreAsync();
        return harness;
    }

    public void WriteConfig(string yaml) => File.WriteAllText(ConfigPath, yaml);

    public ProjectConfig Config() => ConfigLoader.Load(ConfigPath);

    /// <summary>Where the daemon writes a script of this harness's config without a log_dir (CONTRACTS.md §5).</summary>
    public string LogOf(string name) =>
        System.IO.Path.Combine(Paths.LogDir, TurtleHarbor.Core.Paths.ScriptLogPaths.DefaultProject(ConfigPath), name + ".log");

    /// <summary>A fresh core on the same home, as after a daemon restart.</summary>
    public async Task RestartCoreAsync()
    {
        await StopCoreAsync();
        await StartCoreAsync();
    }

    public async Task<CommandResult> SendAsync(DaemonCommand command) =>
        await _core.SendAsync(command, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<ScriptSnapshot> StatusAsync(string name)
    {
        var result = (StatusResult)await SendAsync(new StatusCommand(ConfigPath));
        return result.Scripts.Single(s => s.Name == name);
    }

    public async Task<ImmutableArray<RunRecord>> HistoryAsync(string? name = null)
    {
        var result = (HistoryResult)await SendAsync(new HistoryQueryCommand(ConfigPath, name));
        return result.Runs;
    }

    /// <summary>Lets time pass in steps; after each, the loop has handled what the step fired and no run is still going (unless <paramref name="waitForExits"/> is false).</summary>
    public async Task PassAsync(TimeSpan total, TimeSpan step, bool waitForExits = true)
    {
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            Clock.Advance(step);
            await SendAsync(new StatusCommand(ConfigPath));
            if (waitForExits)
            {
                await WaitUntilAsync(async () => ((StatusResult)await SendAsync(new StatusCommand(ConfigPath))).Scripts.All(s => s.Pid is null), "runs to end");
            }
        }
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited for {what}");
            }

            await Task.Delay(5);
        }
    }

    private async Task StartCoreAsync()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        _core = new DaemonCore(Paths, new StateStore(Paths.StateFile, Clock), Clock, NullLogger.Instance, environment);
        await _core.RecoverAsync(CancellationToken.None);
        _loop = _core.RunAsync(_stop.Token);
    }

    private async Task StopCoreAsync()
    {
        foreach (var script in ((StatusResult)await SendAsync(new StatusCommand(null))).Scripts.Where(s => s.Pgid is not null))
        {
            _groups.Add(script.Pgid!.Value);
        }

        _core.Post(new ShutdownRequested(Force: true));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!_loop.IsCompleted && DateTime.UtcNow < deadline)
        {
            // Group checks after a kill are timers too.
            Clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(_loop, Task.Delay(10));
        }

        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        await _core.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            foreach (var pgid in _groups)
            {
                Processes.KillGroup(pgid);
            }

            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A late log write may race the delete.
            }
        }
    }
}
