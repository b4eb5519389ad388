namespace TurtleHarbor.Core.Supervision;

/// <summary>What reload did (or would do) to one script, with the fields that changed.</summary>
internal sealed record ReloadChange(string Name, ReloadChangeKind Change, IReadOnlyList<string> Fields, string? Error);
