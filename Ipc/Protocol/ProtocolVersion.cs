namespace TurtleHarbor.Ipc.Protocol;

internal static class ProtocolVersion
{
    /// <summary>Raise when a message changes in a way an older peer would misread.</summary>
    public const int Current = 2;

    /// <summary>Frames larger than this are refused before their body is read (CONTRACTS.md §4).</summary>
    public const int MaxFrameBytes = 10 * 1024 * 1024;
}
