using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Ipc.Server;

/// <summary>Prepares the place a daemon socket lives in: a private directory, and no stale socket in the way.</summary>
internal static class SocketFile
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const string UnixOnly = "th runs on Linux and macOS only";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Creates the socket's directory with mode 0700, or sets 0700 on an existing one. chmod succeeds
    /// only for the owner (or root), so the same call refuses a directory that another user owns.
    /// Mode is set after mkdir because mkdir's mode passes through the umask.
    /// </summary>
    public static void PrepareDirectory(string socketPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(socketPath))
            ?? throw new UsageException($"socket path has no directory: {socketPath}");
        try
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException(UnixOnly);
            }

            // A shared directory such as /tmp (sticky bit) must never be made private: as root that would lock everyone out of it.
            if (Directory.Exists(directory) && File.GetUnixFileMode(directory).HasFlag(UnixFileMode.StickyBit))
            {
                throw new ThIoException(
                    $"socket directory {directory} is shared (sticky bit), not a private directory",
                    "point TURTLE_HARBOR_HOME (or XDG_RUNTIME_DIR) at a directory of its own, e.g. /tmp/th-$USER");
            }

            Directory.CreateDirectory(directory, DirectoryMode);
            File.SetUnixFileMode(directory, DirectoryMode);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ThIoException(
                $"socket directory {directory} belongs to another user or cannot be made private",
                "point TURTLE_HARBOR_HOME (or XDG_RUNTIME_DIR) at a directory you own",
                ex);
        }
        catch (IOException ex)
        {
            throw new ThIoException($"cannot create socket directory {directory}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(ex)}", inner: ex);
        }
    }

    /// <summary>chmod, for the paths this class prepares.</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(UnixOnly);
        }

        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Removes a socket file nobody answers on; throws when a live daemon still listens there.</summary>
    public static async Task RemoveStaleAsync(string socketPath, ILogger logger, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe.ConnectAsync(UnixEndPoint.For(socketPath), timeout.Token);
        }
        // The daemon asking holds its home's lock already, so no other daemon of this home listens here:
        // on macOS too, a refusal is a stale socket unless the errno itself says "backlog full".
        catch (SocketException ex) when (!ListenBacklog.IsFull(ex, ListenBacklog.NoDaemonLock))
        {
            File.Delete(socketPath);
            logger.RemovedStaleSocket(socketPath);
            return;
        }
        catch (SocketException)
        {
            // A full backlog: a listener too busy to accept is still alive.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A listener too busy to accept is still alive.
        }

        throw new ThIoException(
            $"another daemon is already listening on {socketPath}",
            "stop it with 'th daemon stop', or set TURTLE_HARBOR_HOME to run a second one elsewhere");
    }
}
