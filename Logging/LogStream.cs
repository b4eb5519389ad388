namespace TurtleHarbor.Logging;

/// <summary>Where a script log line came from; written as its label (<c>[stdout]</c>, <c>[stderr]</c>, <c>[th]</c>).</summary>
internal enum LogStream
{
    Stdout,
    Stderr,
    /// <summary>A supervisor event (started, exited, restarting ...), written by th itself.</summary>
    Th,
}
