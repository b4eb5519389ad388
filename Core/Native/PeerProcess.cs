using System.Net.Sockets;
using System.Text;

namespace TurtleHarbor.Core.Native;

/// <summary>Which program is at the other end of a connected Unix socket: its pid and short name.</summary>
internal static unsafe class PeerProcess
{
    /// <summary>
    /// The peer's pid, or null when the socket cannot tell. Linux: SO_PEERCRED, which on a client's socket names
    /// the process that called listen(2) (socket(7)); macOS: LOCAL_PEERPID at level SOL_LOCAL (xnu bsd/sys/un.h).
    /// </summary>
    public static int? GetPid(Socket socket)
    {
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            return OperatingSystem.IsMacOS() ? LocalPeerPid(fd) : PeerCredPid(fd);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The short name of the program <paramref name="pid"/> runs (Linux /proc/PID/comm, the executable's or script's
    /// file name cut to 15 bytes; macOS proc_name), or null when the process is gone or hidden from us.
    /// </summary>
    public static string? ProgramName(int pid)
    {
        if (OperatingSystem.IsMacOS())
        {
            var buffer = stackalloc byte[256];
            var length = Libc.proc_name(pid, buffer, 256);
            return length > 0 ? Encoding.UTF8.GetString(buffer, length) : null;
        }

        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n') is { Length: > 0 } name ? name : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? PeerCredPid(int fd)
    {
        Libc.UCred credentials;
        var length = (uint)sizeof(Libc.UCred);
        // A failure or an unconnected socket (pid 0) both mean: unknown.
        return Libc.getsockopt(fd, NativeFlags.SOL_SOCKET, NativeFlags.SO_PEERCRED, &credentials, &length) == 0
            && length == sizeof(Libc.UCred) && credentials.Pid > 0 ? credentials.Pid : null;
    }

    private static int? LocalPeerPid(int fd)
    {
        int pid;
        var length = (uint)sizeof(int);
        return Libc.getsockopt(fd, NativeFlags.SOL_LOCAL, NativeFlags.LOCAL_PEERPID, &pid, &length) == 0 && pid > 0 ? pid : null;
    }
}
