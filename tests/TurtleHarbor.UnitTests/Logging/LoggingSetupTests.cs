using System.Text.Json;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class LoggingSetupTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_daemon_log_is_JSON_lines_with_every_message_and_private_to_the_user()
    {
        string path = _files.PathOf("logs/daemon.log");
        using (var factory = LoggingSetup.CreateDaemonLoggerFactory(path, console: false, LogLevel.Debug, LogLevel.Information))
        {
            var log = factory.CreateLogger("th.daemon");
            log.DaemonStarted(1234, "0.1.0", "/tmp/home", "/tmp/home/daemon.sock");
            log.ScriptStarted("web", "/p/scripts.yml", 4321, "up");
            log.ScriptExited("web", "/p/scripts.yml", 3, 12.5);
            log.ScriptKilledBySignal("web", "/p/scripts.yml", "TERM", 1.25);
            log.ScriptRestarting("web", "/p/scripts.yml", 2, 1, 5);
            log.ScriptSpawnFailed("web", "/p/scripts.yml", "No such file or directory");
            log.ClientConnectionError("bad frame", new InvalidDataException("length 99999999"));
            log.ScriptLogWriteFailed("web", "/x/web.log", "disk full");
            log.DaemonStopping("SIGTERM", 0);
        } // disposal flushes

        var lines = File.ReadAllLines(path);
        Assert.Equal(9, lines.Length);
        var messages = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString()).ToArray();
        Assert.Equal("daemon started: pid 1234, version 0.1.0, home /tmp/home, socket /tmp/home/daemon.sock", messages[0]);
        Assert.Equal("script web exited: code 3 after 12.5s (/p/scripts.yml)", messages[2]);
        Assert.Equal("script web restarting in 2s (restart 1 of 5) (/p/scripts.yml)", messages[4]);
        Assert.Contains("length 99999999", lines[6]);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void The_file_level_filters_what_reaches_the_daemon_log()
    {
        string path = _files.PathOf("daemon.log");
        using (var factory = LoggingSetup.CreateDaemonLoggerFactory(path, console: false, LogLevel.Warning, LogLevel.Information))
        {
            var log = factory.CreateLogger("th.daemon");
            log.DaemonStarted(1, "v", "h", "s");
            log.ScriptSpawnFailed("web", "/p/scripts.yml", "ENOENT");
        }

        Assert.Single(File.ReadAllLines(path));
    }
}
