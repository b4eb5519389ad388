using System.Collections.Concurrent;
using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>A running <c>th logs -f</c> whose output lines are collected as they arrive.</summary>
public sealed class ThFollower : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Task _reading;

    public ThFollower(ThHome home, params string[] args)
    {
        var start = new ProcessStartInfo(ThBinary.Path)
        {
            WorkingDirectory = home.Project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("logs");
        start.ArgumentList.Add("-f");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TURTLE_HARBOR_HOME"] = home.Home;
        start.Environment["NO_COLOR"] = "1";
        _process = Process.Start(start)!;
        _reading = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Enqueue(line);
            }
        });
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public Task WaitForAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Lines),
            lines => condition(lines) || (_process.HasExited
                ? throw new InvalidOperationException($"the follower exited before it saw {what}; {LastLines(lines)}")
                : false),
            lines => $"the follower to see {what}; {LastLines(lines)}",
            timeout ?? TimeSpan.FromSeconds(60),
            every: TimeSpan.FromMilliseconds(50));

    private static string LastLines(IReadOnlyList<string> lines) => $"last lines:\n{string.Join('\n', lines.TakeLast(20))}";

    /// <summary>Ends the follower as Ctrl-C would.</summary>
    public async Task<int> InterruptAsync()
    {
        Processes.Interrupt(_process.Id);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _reading;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
