using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Paths;

/// <summary>Where a daemon keeps its socket, state and logs (CONTRACTS.md §5).</summary>
internal sealed record ThPaths(string Home, string Socket, string StateFile, string LogDir)
{
    /// <summary>sun_path is 104 bytes on macOS and 108 on Linux, both counting the final NUL.</summary>
    public static int MaxSocketPathBytes => OperatingSystem.IsMacOS() ? 103 : 107;

    public string DaemonLog => System.IO.Path.Combine(LogDir, "daemon.log");

    public string LockFile => System.IO.Path.Combine(Home, "daemon.lock");

    /// <summary>history.json: the run history before it became a journal; imported once, then kept as <c>history.json.imported</c>.</summary>
    public string HistoryFile => System.IO.Path.Combine(Home, "history.json");

    /// <summary>history.jsonl: the run history, one JSON line per run start and end (see HistoryJournal).</summary>
    public string HistoryJournal => System.IO.Path.Combine(Home, "history.jsonl");

    /// <summary>Resolves the paths from the environment: TURTLE_HARBOR_HOME wins over the platform defaults.</summary>
    public static ThPaths Resolve(Func<string, string?> getEnv)
    {
        var userHome = getEnv("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (getEnv("TURTLE_HARBOR_HOME") is { Length: > 0 } custom)
        {
            var home = System.IO.Path.GetFullPath(custom);
            return new ThPaths(home, System.IO.Path.Combine(home, "daemon.sock"), System.IO.Path.Combine(home, "state.json"), System.IO.Path.Combine(home, "logs"));
        }

        if (OperatingSystem.IsMacOS())
        {
            var home = System.IO.Path.Combine(userHome, "Library", "Application Support", "turtle-harbor");
            var logs = System.IO.Path.Combine(userHome, "Library", "Logs", "turtle-harbor");
            return new ThPaths(home, System.IO.Path.Combine(home, "daemon.sock"), System.IO.Path.Combine(home, "state.json"), logs);
        }

        var state = getEnv("XDG_STATE_HOME") is { Length: > 0 } xs ? xs : System.IO.Path.Combine(userHome, ".local", "state");
        var linuxHome = System.IO.Path.Combine(state, "turtle-harbor");
        var socket = getEnv("XDG_RUNTIME_DIR") is { Length: > 0 } run
            ? System.IO.Path.Combine(run, "turtle-harbor", "daemon.sock")
            : System.IO.Path.Combine(linuxHome, "daemon.sock");
        return new ThPaths(linuxHome, socket, System.IO.Path.Combine(linuxHome, "state.json"), System.IO.Path.Combine(linuxHome, "logs"));
    }

    public static ThPaths FromEnvironment() => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Only fixes that can work: XDG_RUNTIME_DIR moves the socket only on Linux and only when TURTLE_HARBOR_HOME
    /// (which puts the socket in itself) is not set.
    /// </summary>
    private static string ShorterSocketHint() =>
        OperatingSystem.IsMacOS() || Environment.GetEnvironmentVariable("TURTLE_HARBOR_HOME") is { Length: > 0 }
            ? "set TURTLE_HARBOR_HOME to a shorter directory"
            : "set XDG_RUNTIME_DIR (or TURTLE_HARBOR_HOME) to a shorter directory";

    /// <summary>Throws when the socket path does not fit sun_path: truncating it would bind somewhere else.</summary>
    public void EnsureSocketPathFits()
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(Socket);
        if (bytes > MaxSocketPathBytes)
        {
            throw new UsageException(
                $"socket path is {bytes} bytes, longer than the {MaxSocketPathBytes} this OS allows: {Socket}",
                ShorterSocketHint());
        }
    }
}
