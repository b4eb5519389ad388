namespace TurtleHarbor.Core.Config;

/// <summary><c>on_unhealthy</c>: what a script's turning unhealthy does besides being reported.</summary>
internal enum UnhealthyAction
{
    /// <summary>Only report it (ps, the log's <c>[th]</c> line, notifications).</summary>
    Ignore,

    /// <summary>Stop the run and start it again through the restart policy (backoff, max_restarts).</summary>
    Restart,
}
