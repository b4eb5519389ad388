using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.State;

/// <summary>
/// turtle-harbor 0.x's state.json (the Rust tool, format version 3): an object with <c>"version": 3</c> and a
/// <c>scripts</c> array whose entries carry <c>name</c>, <c>config_path</c> and <c>explicitly_stopped</c>. What carries
/// over is the desired state: a script not explicitly stopped was up. Pids are never adopted: they belong to
/// 0.x's <c>turtled</c>, which may still run them.
/// </summary>
internal static class ZeroXState
{
    public const int Version = 3;

    /// <summary>The imported state, or null when <paramref name="root"/> is not 0.x's state or none of its entries names a config.</summary>
    public static StateParse? TryRead(JsonElement root)
    {
        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != Version
            || !root.TryGetProperty("scripts", out var scripts) || scripts.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var entries = ImmutableArray.CreateBuilder<StateEntry>();
        var skipped = ImmutableArray.CreateBuilder<string>();
        var index = 0;
        foreach (var element in scripts.EnumerateArray())
        {
            index++;
            if (Read(element) is { } entry)
            {
                entries.Add(entry);
            }
            else
            {
                skipped.Add($"0.x entry {index.ToString(CultureInfo.InvariantCulture)}: no name or no absolute config_path");
            }
        }

        if (entries.Count == 0)
        {
            // Older 0.x files name no config: nothing can be carried over, and the caller says what the file was.
            return null;
        }

        var names = entries.Select(e => $"{e.Name} ({(e.Desired == DesiredState.Up ? "up" : "down")})");
        var reason = $"turtle-harbor 0.x state (version {Version}); imported {entries.Count.ToString(CultureInfo.InvariantCulture)} "
            + $"script{(entries.Count == 1 ? "" : "s")} as desired state, no pid adopted: {string.Join(", ", names)}";
        return new StateParse(StateFileKind.Foreign, new StateDocument(StateDocument.CurrentVersion, entries.ToImmutable()), reason, skipped.ToImmutable());
    }

    private static StateEntry? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } text
            || !element.TryGetProperty("config_path", out var config) || config.ValueKind != JsonValueKind.String
            || config.GetString() is not { } path || !Path.IsPathFullyQualified(path))
        {
            return null;
        }

        var stopped = element.TryGetProperty("explicitly_stopped", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new StateEntry(path, text, stopped ? DesiredState.Down : DesiredState.Up, ScriptStatus.Stopped, null, null, null, null, 0, null);
    }
}
