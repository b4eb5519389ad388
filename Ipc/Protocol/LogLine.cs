namespace TurtleHarbor.Ipc.Protocol;

/// <summary>A line of a script's log file, as written there (timestamp and stream included).</summary>
internal sealed record LogLine(string Script, string Text);
