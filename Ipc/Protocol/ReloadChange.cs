namespace TurtleHarbor.Ipc.Protocol;

/// <summary>What reload did (or would do) to one script: started, stopped, restarted, unchanged; with the changed fields.</summary>
internal sealed record ReloadChange(string Name, string Change, IReadOnlyList<string> Fields, string? Error);
