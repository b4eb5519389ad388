namespace TurtleHarbor.Core.State;

/// <summary>One daemon incarnation: pid, its session id (== pid when it leads its session) and start time.</summary>
internal sealed record DaemonSession(int Pid, int SessionId, long StartTime)
{
    public bool LedItsSession => Pid == SessionId;
}
