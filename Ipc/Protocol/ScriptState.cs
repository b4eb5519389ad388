namespace TurtleHarbor.Ipc.Protocol;

/// <summary>The STATUS column of <c>th ps</c>; serialized snake_case.</summary>
internal enum ScriptState
{
    Running,
    Stopped,
    Exited,
    Failed,
    Restarting,
    Waiting,
}
