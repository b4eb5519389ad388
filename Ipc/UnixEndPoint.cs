using System.Net.Sockets;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Ipc;

internal static class UnixEndPoint
{
    /// <summary>The endpoint for a socket path; a path longer than sun_path allows is a user error, never truncated.</summary>
    public static UnixDomainSocketEndPoint For(string socketPath)
    {
        try
        {
            return new UnixDomainSocketEndPoint(socketPath);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new UsageException(
                $"socket path is longer than this OS allows: {socketPath}",
                "set TURTLE_HARBOR_HOME (or XDG_RUNTIME_DIR) to a shorter directory",
                ex);
        }
    }
}
