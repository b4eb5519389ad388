using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace TurtleHarbor.Core.State;

/// <summary>
/// Reads state.json without trusting it: only an object of th's <see cref="StateDocument.CurrentVersion"/>
/// with a <c>scripts</c> array is th's state; any other JSON is foreign and described (what version,
/// how many entries, whether they name configs), so the daemon log can say what it found. Within
/// th's state, one bad entry is skipped, never the whole file.
/// </summary>
internal static class StateFileParser
{
    public static StateParse Parse(ReadOnlySpan<byte> bytes)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(bytes.ToArray());
        }
        catch (JsonException e)
        {
            return Failed(StateFileKind.Corrupt, TurtleHarbor.Core.Errors.SystemErrorText.Of(e));
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed(StateFileKind.Foreign, $"a JSON {Describe(root.ValueKind)}, not an object");
            }

            var hasVersion = root.TryGetProperty("version", out var version);
            var scripts = root.TryGetProperty("scripts", out var s) ? s : default;
            if (!hasVersion || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != StateDocument.CurrentVersion
                || scripts.ValueKind != JsonValueKind.Array)
            {
                return ZeroXState.TryRead(root) ?? Failed(StateFileKind.Foreign, DescribeForeign(hasVersion ? version : null, scripts));
            }

            var entries = ImmutableArray.CreateBuilder<StateEntry>();
            var skipped = ImmutableArray.CreateBuilder<string>();
            var index = 0;
            foreach (var element in scripts.EnumerateArray())
            {
                index++;
                if (ReadEntry(element, out var entry) is { } problem)
                {
                    skipped.Add($"entry {index.ToString(CultureInfo.InvariantCulture)}: {problem}");
                    continue;
                }

                entries.Add(entry!);
            }

            return new StateParse(StateFileKind.Ours, new StateDocument(number, entries.ToImmutable()), null, skipped.ToImmutable());
        }
    }

    /// <summary>Null when the entry is usable, else why not.</summary>
    private static string? ReadEntry(JsonElement element, out StateEntry? entry)
    {
        entry = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"a JSON {Describe(element.ValueKind)}, not an object";
        }

        try
        {
            entry = element.Deserialize(StateJsonContext.Default.StateEntry);
        }
        catch (JsonException e)
        {
            return TurtleHarbor.Core.Errors.SystemErrorText.Of(e);
        }

        return entry switch
        {
            null => "empty",
            { Config: null or "" } => "no config path",
            { Config: var config } when !Path.IsPathFullyQualified(config) => $"config path '{config}' is not absolute",
            { Name: null or "" } => "no script name",
            // Recovery signals these: pid 1 or group 1 (or less) would reach init or every process.
            { Pid: <= 1 } or { Pgid: <= 1 } => $"script '{entry.Name}' has an impossible pid or process group",
            _ => null,
        };
    }

    private static string DescribeForeign(JsonElement? version, JsonElement scripts)
    {
        var versionText = version switch
        {
            null => "no version",
            { ValueKind: JsonValueKind.Number } v => $"version {v.GetRawText()}",
            { } v => $"version {v.GetRawText()} ({Describe(v.ValueKind)})",
        };
        var scriptsText = scripts.ValueKind switch
        {
            JsonValueKind.Undefined => "no scripts",
            JsonValueKind.Array => $"{scripts.GetArrayLength().ToString(CultureInfo.InvariantCulture)} scripts entries{EntryShape(scripts)}",
            var kind => $"scripts as a JSON {Describe(kind)}",
        };
        return $"a JSON object with {versionText} and {scriptsText}";
    }

    private static string EntryShape(JsonElement scripts)
    {
        var objects = scripts.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        if (objects.Count == 0)
        {
            return "";
        }

        var withConfig = objects.Count(e => e.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.String);
        return withConfig == objects.Count ? "" : withConfig == 0 ? " without config paths" : $", {objects.Count - withConfig} without config paths";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "object",
    };

    private static StateParse Failed(StateFileKind kind, string reason) => new(kind, StateDocument.Empty, reason, []);
}
