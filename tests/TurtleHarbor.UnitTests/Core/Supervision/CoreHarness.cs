using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>
/// A real <see cref="DaemonCore"/> over a <see cref="FakeProcessHost"/> (no process is started) on a
/// <see cref="WallClock"/>, in a private temp home (configs, state and logs are real files). Time
/// passes only when a test advances the clock; <see cref="SettleAsync"/> lets the loop handle
/// everything that follows from it.
/// </summary>
internal sealed class CoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Round trips that drain the loop: each hop of a chain (tick, spawn, exit, run end) takes at most one.</summary>
    private const int SettleRounds = 4;

    private CancellationTokenSource _stop = new();
    private DaemonCore? _core;

    private CoreHarness(string root)
    {
        Root = root;
        Paths = new ThPaths(System.IO.Path.Combine(root, "h"), System.IO.Path.Combine(root, "h", "s.sock"), System.IO.Path.Combine(root, "h", "state.json"), System.IO.Path.Combine(root, "h", "logs"));
        Directory.CreateDirectory(Paths.LogDir);
    }

    public string Root { get; }
    public ThPaths Paths { get; }
    public WallClock Clock { get; } = new(Start);
    public FakeProcessHost Host { get; } = new();

    /// <summary>Answers the http and tcp healthchecks of every core this harness builds.</summary>
    public FakeHealthProber Prober { get; } = new();
    public string ConfigPath => System.IO.Path.Combine(Root, "scripts.yml");
    public DaemonCore Core => _core!;

    /// <summary>The loop; completes when a shutdown has stopped every script.</summary>
    public Task Loop { get; private set; } = Task.CompletedTask;

    public static async Task<CoreHarness> StartAsync(string yaml)
    {
        var harness = Create(yaml);
        await harness.StartCoreAsync();
        return harness;
    }

    /// <summary>A home with a config and no core yet: for a test that prepares a predecessor's leftovers first.</summary>
    public static CoreHarness Create(string yaml)
    {
        var harness = new CoreHarness(Directory.CreateTempSubdirectory("thc-").FullName);
        harness.WriteConfig(yaml);
        return harness;
    }

    public void WriteConfig(string yaml) => File.WriteAllText(ConfigPath, yaml);

    public ProjectConfig Config() => ConfigLoader.Load(ConfigPath);

    public ConfigSource Source() => ConfigSource.Read(ConfigPath);

    /// <summary>Where the daemon writes a script of this harness's config without a log_dir (CONTRACTS.md §5).</summary>
    public string LogOf(string name) =>
        System.IO.Path.Combine(Paths.LogDir, TurtleHarbor.Core.Paths.ScriptLogPaths.DefaultProject(ConfigPath), name + ".log");

    /// <summary>
    /// Waits until <paramref name="name"/>'s log file contains <paramref name="expected"/> and returns
    /// the file. The log writer flushes on the fake clock, so time moves on in small steps meanwhile:
    /// call it when no timer of the test is pending.
    /// </summary>
    public async Task<string> LogContainingAsync(string name, string expected)
    {
        string Text() => File.Exists(LogOf(name)) ? File.ReadAllText(LogOf(name)) : "";
        for (var i = 0; i < 1500 && !Text().Contains(expected, StringComparison.Ordinal); i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }

        var text = Text();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        return text;
    }

    /// <summary>A fresh core on the same home, as after a daemon restart (the processes of the fake host stay).</summary>
    public async Task RestartCoreAsync()
    {
        await StopCoreAsync();
        await StartCoreAsync();
    }

    /// <summary>
    /// Ends the core as a SIGKILL of the daemon would: the loop stops where it is, nothing is
    /// stopped or saved, the fake host's processes stay. <see cref="StartCoreAsync"/> then plays the successor.
    /// </summary>
    public async Task CrashCoreAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Loop.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // The loop's way of ending on its token.
        }

        await Core.DisposeAsync();
        _core = null;
        _stop.Dispose();
        _stop = new CancellationTokenSource();
    }

    public async Task<CommandResult> SendAsync(DaemonCommand command) =>
        await Core.SendAsync(command, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Sends without waiting for the result: for a command that waits on a stop.</summary>
    public Task<CommandResult> Begin(DaemonCommand command) => Core.SendAsync(command, CancellationToken.None);

    public async Task<ImmutableArray<ScriptOutcome>> OutcomesAsync(DaemonCommand command) =>
        ((OutcomesResult)await SendAsync(command)).Outcomes;

    public async Task<ScriptSnapshot> StatusAsync(string name)
    {
        var result = (StatusResult)await SendAsync(new StatusCommand(Source()));
        return result.Scripts.Single(s => s.Name == name);
    }

    public async Task<ImmutableArray<RunRecord>> HistoryAsync(string? name = null)
    {
        var result = (HistoryResult)await SendAsync(new HistoryQueryCommand(Source(), name));
        return result.Runs;
    }

    /// <summary>Lets the loop handle every event that follows from what happened so far (no time passes).</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < SettleRounds; i++)
        {
            await SendAsync(new StatusCommand(null));
        }
    }

    /// <summary>
    /// Lets the loop handle what is pending (so a deadline a command arms counts from now), then
    /// advances the clock by <paramref name="span"/> and lets the loop handle what that fired.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan span)
    {
        await SettleAsync();
        Clock.Advance(span);
        await SettleAsync();
    }

    /// <summary>Lets time pass in steps; after each, the loop has handled what the step fired.</summary>
    public async Task PassAsync(TimeSpan total, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            await AdvanceAsync(step);
        }
    }

    /// <summary>Builds the core over <see cref="Host"/>, recovers (without moving the clock) and starts the loop.</summary>
    public async Task StartCoreAsync()
    {
        CreateCore();
        await Core.RecoverAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        StartLoop();
    }

    /// <summary>A core that has not recovered yet: <see cref="DaemonCore.RecoverAsync"/>, then <see cref="StartLoop"/>, are the test's.</summary>
    public DaemonCore CreateCore()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        _core = new DaemonCore(Paths, new StateStore(Paths.StateFile, Clock), Clock, NullLogger.Instance, environment, Host) { HealthProber = Prober };
        return _core;
    }

    public void StartLoop() => Loop = Core.RunAsync(_stop.Token);

    /// <summary>Advances the clock by <paramref name="step"/> whenever <paramref name="task"/> yields, until it completes (a safety net of 10 000 steps).</summary>
    public async Task DriveAsync(Task task, TimeSpan step)
    {
        for (var i = 0; !task.IsCompleted && i < 10_000; i++)
        {
            await Task.Yield();
            if (!task.IsCompleted)
            {
                Clock.Advance(step);
            }
        }

        await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>As <see cref="DriveAsync"/>, stopping early once <paramref name="reached"/> holds.</summary>
    public async Task DriveUntilAsync(Func<bool> reached, Task task, TimeSpan step)
    {
        for (var i = 0; !task.IsCompleted && !reached() && i < 10_000; i++)
        {
            await Task.Yield();
            Clock.Advance(step);
        }
    }

    private async Task StopCoreAsync()
    {
        if (_core is null)
        {
            return;
        }

        // The fake host kills at once, but the group checks after a kill are timers on the fake clock: move it on
        // until the loop ends (a leftover group that was kept after its run needs one such check).
        _core.Post(new ShutdownRequested(Force: true));
        await Eventually.TrueAsync(() => Loop.IsCompleted, "the core's loop to end", TimeSpan.FromSeconds(30), every: TimeSpan.FromMilliseconds(10), beforeEachRetry: () => Clock.Advance(TimeSpan.FromMilliseconds(50)));
        await Loop;
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
