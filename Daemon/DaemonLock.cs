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

    /// <summary>
    /// Whether no daemon holds the home's lock now. The kernel drops a flock when its holder exits,
    /// before any parent reaps it, so this tells a stopped daemon from a stopping one even when the
    /// daemon is a zombie or lives in another pid namespace. Finding it free takes the lock for the
    /// length of one open and close: a daemon starting in that instant fails and its launcher retries.
    /// </summary>
    public static bool IsFree(ThPaths paths)
    {
        try
        {
            using var probe = new FileStream(paths.LockFile, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
            });
            return true;
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            // EWOULDBLOCK from flock: held.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to probe: the caller falls back on the pid.
            return false;
        }
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
