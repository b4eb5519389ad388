using System.Text.Json;

namespace TurtleHarbor.Core.State;

/// <summary>Where 0.x's state was carried from, and the name the original now has there.</summary>
internal sealed record ZeroXStateAdoption(string From, string KeptAs);

/// <summary>
/// On Linux turtle-harbor 0.x kept its state.json in the dirs crate's <c>data_dir()</c>:
/// <c>$XDG_DATA_HOME/turtle-harbor/state.json</c> when XDG_DATA_HOME is an absolute path, else
/// <c>$HOME/.local/share/turtle-harbor/state.json</c>, not where this daemon keeps its own (on macOS the two are
/// one file, imported by <see cref="StateStore.Load"/>). A daemon with no state of its own copies that file into
/// place, so the same import carries it over, and renames the original so it is carried over once.
/// </summary>
internal static class ZeroXStateFallback
{
    /// <summary>0.x's Linux state path for this environment, or null without a usable HOME.</summary>
    public static string? LinuxPath(Func<string, string?> environment)
    {
        // dirs-sys ignores a relative XDG_DATA_HOME, as the XDG base directory spec asks.
        var data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathFullyQualified(xdg)
            ? xdg
            : environment("HOME") is { Length: > 0 } home && Path.IsPathFullyQualified(home) ? Path.Combine(home, ".local", "share") : null;
        return data is null ? null : Path.Combine(data, "turtle-harbor", "state.json");
    }

    /// <summary>
    /// When <paramref name="stateFile"/> does not exist and 0.x's file at <paramref name="zeroXPath"/> is a 0.x state naming
    /// at least one config, copies it to <paramref name="stateFile"/> (atomically) and renames the original to
    /// <c>state.json.imported-TIME</c>. Null when there is nothing to adopt.
    /// </summary>
    /// <exception cref="IOException">the copy or the rename failed; nothing was adopted.</exception>
    public static ZeroXStateAdoption? Adopt(string stateFile, string zeroXPath, TimeProvider time)
    {
        if (File.Exists(stateFile) || !File.Exists(zeroXPath) || !IsZeroXState(zeroXPath))
        {
            return null;
        }

        var temp = $"{stateFile}.tmp-{Environment.ProcessId}";
        File.Copy(zeroXPath, temp, overwrite: true);
        var keptAs = $"{zeroXPath}.imported-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}";
        try
        {
            File.Move(zeroXPath, keptAs);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        File.Move(temp, stateFile);
        return new ZeroXStateAdoption(zeroXPath, keptAs);
    }

    private static bool IsZeroXState(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return ZeroXState.TryRead(document.RootElement) is not null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
