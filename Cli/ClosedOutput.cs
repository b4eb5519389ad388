using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Cli;

/// <summary>
/// Whether a failure is stdout's reader having gone away (`th logs -f | head -1`, `| grep -m1 ready`): EPIPE,
/// read from the errno the IOException carries as its HResult. That ends a command quietly with exit 0, as
/// for the coreutils a pipeline is made of.
/// </summary>
internal static class ClosedOutput
{
    public static bool Is(Exception e) => e is IOException io && io.HResult == Errno.EPIPE;
}
