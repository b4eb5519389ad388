using TurtleHarbor.Core.Native;
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
            ? SessionLeftovers.Find(previous.Pid, previous.SessionId, previous.StartTime)
            : [];
        var self = Environment.ProcessId;
        var sessionId = OperatingSystem.IsLinux() ? ProcStat.Read(self)?.SessionId ?? 0 : 0;
        DaemonSessionFile.TryWrite(SessionFile, new DaemonSession(self, sessionId, ProcessIdentity.GetStartTime(self) ?? 0));
        return groups;
    }
}
