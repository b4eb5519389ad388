namespace TurtleHarbor.Core.Supervision;

/// <summary>The STATUS column of <c>th ps</c>.</summary>
internal enum ScriptStatus
{
    Running,
    Stopped,
    Exited,
    Failed,
    Restarting,
    Waiting,
}
