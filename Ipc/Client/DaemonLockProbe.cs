namespace TurtleHarbor.Ipc.Client;

/// <summary>
/// Whether a daemon holds its home's lock file. The daemon holds an exclusive flock for its whole life
/// (Daemon/DaemonLock: FileShare.None); a shared, non-blocking flock (FileShare.ReadWrite on a read-only
/// open) fails while it does. Asked only to settle a macOS ECONNREFUSED, so its own lock lasts microseconds.
/// </summary>
internal static class DaemonLockProbe
{
    public static bool IsHeld(string lockFile)
    {
        try
        {
            using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            // The sharing violation .NET reports for EWOULDBLOCK from flock.
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to read: it cannot be our daemon's.
            return false;
        }
    }
}
