using System.Diagnostics;
using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// A private TURTLE_HARBOR_HOME and project directory for one test, and a way to run th in it.
/// Disposal stops the daemon and kills, by pid and process group, everything the test left behind.
/// </summary>
public sealed class ThHome : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly HashSet<int> _groups = [];

    public ThHome()
    {
        // Short on purpose: a socket path must fit 104 bytes on macOS.
        Root = Directory.CreateTempSubdirectory("th-").FullName;
        Home = System.IO.Path.Combine(Root, "h");
        Project = System.IO.Path.Combine(Root, "p");
        Directory.CreateDirectory(Project);
    }

    public string Root { get; }
    public string Home { get; }
    public string Project { get; }
    public string ConfigPath => System.IO.Path.Combine(Project, "scripts.yml");
    public string LogDir => System.IO.Path.Combine(Home, "logs");

    public Dictionary<string, string> Environment { get; } = new() { ["TURTLE_HARBOR_NO_AUTOSTART"] = "" };

    public void WriteConfig(string yaml) => File.WriteAllText(ConfigPath, yaml);

    /// <summary>Where th writes a script of <see cref="ConfigPath"/> without a log_dir (CONTRACTS.md §5).</summary>
    public string LogOf(string name) => LogOf(ConfigPath, name);

    public string LogOf(string configPath, string name) =>
        System.IO.Path.Combine(LogDir, TurtleHarbor.Core.Paths.ScriptLogPaths.DefaultProject(configPath), name + ".log");

    public async Task<ThResult> RunAsync(params string[] args) => await RunAsync(args, CommandTimeout);

    public async Task<ThResult> RunAsync(string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(ThBinary.Path)
        {
            WorkingDirectory = Project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TURTLE_HARBOR_HOME"] = Home;
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("TURTLE_HARBOR_CONFIG");
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"th {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new ThResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs th and fails the test unless it exits 0.</summary>
    public async Task<ThResult> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"th {string.Join(' ', args)}: {result}");
        return result;
    }

    public async Task<IReadOnlyList<PsRow>> PsAsync()
    {
        var result = await OkAsync("ps", "--json");
        var rows = JsonSerializer.Deserialize<List<PsRow>>(result.Stdout, PsRow.Options)!;
        foreach (var row in rows)
        {
            if (row.Pgid is { } pgid)
            {
                _groups.Add(pgid);
            }
        }

        return rows;
    }

    public async Task<PsRow> PsRowAsync(string name) => (await PsAsync()).Single(r => r.Name == name);

    /// <summary>Polls ps until <paramref name="condition"/> holds; ps is the event we synchronise on.</summary>
    public Task<IReadOnlyList<PsRow>> WaitForPsAsync(Func<IReadOnlyList<PsRow>, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(
            PsAsync,
            condition,
            rows => $"{what}; last ps: {JsonSerializer.Serialize(rows, PsRow.Options)}",
            timeout,
            every: TimeSpan.FromMilliseconds(50));

    public Task<PsRow> WaitForStatusAsync(string name, string status, TimeSpan? timeout = null) =>
        WaitForPsAsync(rows => rows.Any(r => r.Name == name && r.Status == status), $"{name} {status}", timeout)
            .ContinueWith(t => t.Result.Single(r => r.Name == name), TaskScheduler.Default);

    /// <summary>Waits until a line containing <paramref name="text"/> is in the script's log.</summary>
    public Task WaitForLogAsync(string name, string text, TimeSpan? timeout = null) => WaitForLogAsync(ConfigPath, name, text, timeout);

    /// <summary>The same for a script of another config.</summary>
    public Task WaitForLogAsync(string configPath, string name, string text, TimeSpan? timeout = null)
    {
        var path = LogOf(configPath, name);
        return Eventually.TrueAsync(
            () =>
            {
                if (!File.Exists(path))
                {
                    return false;
                }

                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new StreamReader(stream).ReadToEnd().Contains(text, StringComparison.Ordinal);
            },
            $"'{text}' in {path}",
            timeout,
            every: TimeSpan.FromMilliseconds(50));
    }

    public int? DaemonPid()
    {
        var pidFile = System.IO.Path.Combine(Home, "daemon.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) ? pid : null;
    }

    public void Track(int pgid) => _groups.Add(pgid);

    public async ValueTask DisposeAsync()
    {
        var daemon = DaemonPid();
        try
        {
            await RunAsync(["daemon", "stop"], TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Killed below.
        }

        if (daemon is { } pid && Processes.IsAlive(pid))
        {
            Processes.Kill(pid);
        }

        foreach (var pgid in _groups.Concat(StateGroups()))
        {
            Processes.KillGroup(pgid);
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A late log write may race the delete; /tmp is cleaned eventually.
        }
    }

    private IEnumerable<int> StateGroups()
    {
        var state = System.IO.Path.Combine(Home, "state.json");
        if (!File.Exists(state))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(state));
            return [.. document.RootElement.GetProperty("scripts").EnumerateArray()
                .Where(e => e.TryGetProperty("pgid", out var g) && g.ValueKind == JsonValueKind.Number)
                .Select(e => e.GetProperty("pgid").GetInt32())];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IOException)
        {
            return [];
        }
    }
}
