using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Who is at the other end of a connected Unix domain socket.</summary>
internal static class PeerCredentials
{
    /// <summary>The peer's effective uid, or null when the OS would not say (callers must then refuse the peer).</summary>
    public static int? GetPeerUid(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit fields in host byte order on every Linux ABI.
            Span<byte> ucred = stackalloc byte[12];
            try
            {
                var length = socket.GetRawSocketOption(Linux.SOL_SOCKET, Linux.SO_PEERCRED, ucred);
                return length >= 8 ? (int)MemoryMarshal.Read<uint>(ucred[4..]) : null;
            }
            catch (SocketException)
            {
                return null;
            }
        }

        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            return Libc.getpeereid(socket.SafeHandle, out var euid, out _) == 0 ? (int)euid : null;
        }

        return null;
    }

    /// <summary>Linux-only option numbers (macOS has no SO_PEERCRED and uses getpeereid instead).</summary>
    private static class Linux
    {
        public const int SOL_SOCKET = 1;
        public const int SO_PEERCRED = 17;
    }
}
