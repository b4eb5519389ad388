using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Supervision;

/// <summary>A spawned script, or why it could not be spawned.</summary>
internal sealed record SpawnAttempt(SpawnedProcess? Process, string? Error);
