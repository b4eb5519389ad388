using System.Text;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Logging.Loki;
using ZLogger;
using ZLogger.Providers;

namespace TurtleHarbor.Logging;

/// <summary>
/// The daemon's own logger (not script logs): JSON lines in the daemon log file, and with <c>--foreground</c>
/// a compact one-line text form on stdout.
/// </summary>
internal static class LoggingSetup
{
    /// <summary>daemon.log rotates past this size (ZLogger's rolling file cannot keep the fixed name CONTRACTS.md §5 asks for, so we rotate ourselves).</summary>
    public const long DaemonLogMaxSize = 10 * 1024 * 1024;
    public const int DaemonLogMaxFiles = 3;

    /// <summary>
    /// Creates the daemon's logger factory. Dispose it before the process exits: disposal waits until
    /// ZLogger's background writers have flushed.
    /// </summary>
    /// <param name="loki">Where daemon lines go in Loki (information and up); null for none.</param>
    public static ILoggerFactory CreateDaemonLoggerFactory(string daemonLogPath, bool console, LogLevel fileLevel, LogLevel consoleLevel, LokiDaemonLogSink? loki = null)
    {
        PrepareLogFile(daemonLogPath);
        return LoggerFactory.Create(builder =>
        {
            builder.ClearProviders();
            builder.SetMinimumLevel(console ? (LogLevel)Math.Min((int)fileLevel, (int)consoleLevel) : fileLevel);

            builder.AddZLoggerStream(new SizeRotatingFileStream(daemonLogPath, DaemonLogMaxSize, DaemonLogMaxFiles), options =>
            {
                options.InternalErrorLogger = WriteInternalError;
                options.UseJsonFormatter();
            });
            builder.AddFilter<ZLoggerStreamLoggerProvider>(null, fileLevel);

            if (loki is not null)
            {
                builder.AddProvider(new LokiLoggerProvider(loki));
                builder.AddFilter<LokiLoggerProvider>(null, (LogLevel)Math.Max((int)fileLevel, (int)LogLevel.Information));
            }

            if (console)
            {
                builder.AddZLoggerConsole(options =>
                {
                    options.InternalErrorLogger = WriteInternalError;
                    options.UsePlainTextFormatter(formatter =>
                    {
                        // 12:00:00.123 INF daemon started ...   (one line; the JSON file has the stack)
                        formatter.SetPrefixFormatter($"{0:local-timeonly} {1:short} ",
                            (in MessageTemplate template, in LogInfo info) => template.Format(info.Timestamp, info.LogLevel));
                        formatter.SetExceptionFormatter(static (writer, ex) =>
                            Utf8StringInterpolation.Utf8String.Format(writer, $" | {ex.GetType().Name}: {ex.Message}"));
                    });
                });
                builder.AddFilter<ZLoggerConsoleLoggerProvider>(null, consoleLevel);
            }
        });
    }

    // Rotate an oversized log away and make sure the file exists with mode 0600 before ZLogger opens it
    // (ZLogger would create it with the umask's default, typically 0644).
    private static void PrepareLogFile(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        var file = new FileInfo(path);
        if (file.Exists && file.Length > DaemonLogMaxSize) LogRotation.Rotate(path, DaemonLogMaxFiles);
        if (OperatingSystem.IsWindows())
        {
            if (directory is not null) Directory.CreateDirectory(directory);
            return;
        }

        if (directory is not null)
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        new FileStream(path, options).Dispose();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static void WriteInternalError(Exception ex)
    {
        // The logger itself failed: stderr is all that is left. One write, so lines from threads don't interleave.
        var stderr = Console.Error;
        stderr.Write(new StringBuilder("th: logger error: ").Append(ex).AppendLine().ToString());
    }
}
