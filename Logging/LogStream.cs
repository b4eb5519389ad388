namespace TurtleHarbor.Logging;

/// <summary>Where a script log line came from; written as its label (<c>[stdout]</c>, <c>[stderr]</c>, <c>[tty]</c>, <c>[th]</c>).</summary>
internal enum LogStream
{
    Stdout,
    Stderr,
    /// <summary>A <c>tty: true</c> script's pseudo-terminal: stdout and stderr as the one stream a terminal shows.</summary>
    Tty,
    /// <summary>A supervisor event (started, exited, restarting ...), written by th itself.</summary>
    Th,
}
