using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Reads what a test needs from a daemon's state.json.</summary>
public static class StateJson
{
    /// <summary>Each script's desired state ("up" or "down"), in the file's order.</summary>
    public static List<string> Desired(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("scripts").EnumerateArray().Select(e => e.GetProperty("desired").GetString()!)];
    }
}
