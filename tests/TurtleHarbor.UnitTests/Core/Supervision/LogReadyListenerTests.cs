using System.Text;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision.Health;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class LogReadyListenerTests
{
    [Fact]
    public void It_matches_the_scripts_own_lines_once_and_never_its_th_lines()
    {
        var matches = 0;
        var listener = new LogReadyListener(HealthLogPattern.TryCreate(@"listening on :\d+", out _)!, () => matches++);

        Send(listener, LogStream.Th, "health: waiting for listening on :8080");
        Send(listener, LogStream.Stdout, "starting up");
        Assert.Equal((0, false), (matches, listener.Matched));

        Send(listener, LogStream.Stderr, "server listening on :8080 ✓");
        Send(listener, LogStream.Stdout, "listening on :9090");

        Assert.Equal((1, true), (matches, listener.Matched));
    }

    [Fact]
    public void A_pattern_that_would_backtrack_exponentially_runs_in_linear_time()
    {
        var matches = 0;
        var listener = new LogReadyListener(HealthLogPattern.TryCreate("^(a+)+$", out _)!, () => matches++);

        // Catastrophic for a backtracking engine; NonBacktracking answers at once.
        Send(listener, LogStream.Stdout, new string('a', 5000) + "!");

        Assert.Equal(0, matches);
    }

    private static void Send(LogReadyListener listener, LogStream stream, string text) =>
        listener.OnEntry(DateTimeOffset.UnixEpoch, stream, Encoding.UTF8.GetBytes(text));
}
