using System.Text.Json;
using System.Text.Json.Serialization;

namespace TurtleHarbor.Ipc.Protocol;

/// <summary>
/// Writes <see cref="ScriptState"/> as "running", "waiting" ... (CONTRACTS.md §3, <c>th ps --json</c>):
/// UseStringEnumConverter alone keeps the C# casing, and the property naming policy does not touch enum values.
/// </summary>
internal sealed class ScriptStateJsonConverter() : JsonStringEnumConverter<ScriptState>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
