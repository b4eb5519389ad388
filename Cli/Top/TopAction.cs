namespace TurtleHarbor.Cli.Top;

/// <summary>What a key press asks <c>th top</c> to do.</summary>
internal enum TopAction
{
    None,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Restart,
    StopOrStart,
    Logs,
    Redraw,

    /// <summary>q, Esc or Ctrl-C: back to the table from the logs, else leave.</summary>
    Quit,
}
