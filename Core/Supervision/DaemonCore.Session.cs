using TurtleHarbor.Core.State;

namespace TurtleHarbor.Core.Supervision;

/// <summary>Remembering our session, so a successor finds scripts spawned but not yet in state.json.</summary>
internal sealed partial class DaemonCore
{
    private string SessionFile => Path.Combine(_paths.Home, "daemon.session");

    /// <summary>Groups left in a dead predecessor's session; then records ours for the next daemon.</summary>
    private IReadOnlyList<int> SessionLeftoverGroups()
    {
        IReadOnlyList<int> groups = DaemonSessionFile.Read(SessionFile) is { LedItsSession: true } previous
            ? _host.SessionLeftovers(previous)
            : [];
        DaemonSessionFile.TryWrite(SessionFile, _host.OwnSession());
        return groups;
    }
}
