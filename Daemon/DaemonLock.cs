using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Daemon;

/// <summary>
/// One daemon per home: an exclusive lock (flock, which .NET takes for FileShare.None) held for
/// the daemon's life. The kernel drops it when the process dies, so a crashed daemon never
/// blocks its successor. The pid goes to a separate file because a locked file cannot be read.
/// </summary>
internal sealed class DaemonLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidFile;

    private DaemonLock(FileStream lockStream, string pidFile)
    {
        _lock = lockStream;
        _pidFile = pidFile;
    }

    public static DaemonLock Acquire(ThPaths paths)
    {
        var pidFile = Path.Combine(paths.Home, "daemon.pid");
        FileStream stream;
        try
        {
            stream = new FileStream(paths.LockFile, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException e)
        {
            var holder = ReadPid(pidFile) is { } pid ? $"pid {pid}" : "another process";
            throw new DaemonAlreadyRunningException(
                $"a daemon ({holder}) already serves {paths.Home}",
                "use 'th daemon status', or stop it with 'th daemon stop'",
                e);
        }

        File.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new DaemonLock(stream, pidFile);
    }

    public static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // The lock below is what counts; a stale pid file is only a hint.
        }

        _lock.Dispose();
    }
}
