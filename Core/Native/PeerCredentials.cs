using System.Net.Sockets;

namespace TurtleHarbor.Core.Native;

/// <summary>Who is on the other end of a connected Unix socket.</summary>
internal static unsafe class PeerCredentials
{
    /// <summary>
    /// The peer's effective uid (Linux SO_PEERCRED, macOS getpeereid), or null when the socket
    /// cannot tell (not a connected Unix socket). Callers must refuse a peer they cannot identify.
    /// </summary>
    public static int? GetPeerUid(Socket socket)
    {
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            return OperatingSystem.IsMacOS() ? PeerEid(fd) : PeerCred(fd);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static int? PeerCred(int fd)
    {
        Libc.UCred credentials;
        var length = (uint)sizeof(Libc.UCred);
        var result = Libc.getsockopt(fd, NativeFlags.SOL_SOCKET, NativeFlags.SO_PEERCRED, &credentials, &length);
        // An unconnected socket reports uid (uid_t)-1 rather than failing.
        return result == 0 && length == sizeof(Libc.UCred) && credentials.Uid != uint.MaxValue ? (int)credentials.Uid : null;
    }

    private static int? PeerEid(int fd)
    {
        uint uid, gid;
        return Libc.getpeereid(fd, &uid, &gid) == 0 ? (int)uid : null;
    }
}
