using Microsoft.Extensions.Logging;

namespace TurtleHarbor.Daemon;

/// <summary>Log levels of the daemon: --log-level, else $TURTLE_HARBOR_LOG_LEVEL, else information on the console and debug in daemon.log.</summary>
internal static class DaemonLogging
{
    public static DaemonLogOptions Options(LogLevel? consoleLevel, bool console)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TURTLE_HARBOR_LOG_LEVEL") is { Length: > 0 } text
            && Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed) ? parsed : (LogLevel?)null;
        var level = consoleLevel ?? fromEnvironment ?? LogLevel.Information;
        return new DaemonLogOptions(console, level, LogLevel.Debug < level ? LogLevel.Debug : level);
    }
}
