using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// The environment a script is spawned with: the daemon's, then env_file, then env, then venv. Values of env_file and
/// env are expanded (<see cref="EnvInterpolation"/>) against what the script would get without them: the daemon's
/// environment, then env_file, then the keys above. Reads no file: the env_file was read with the config.
/// PYTHONUNBUFFERED=1 unless env or env_file set it.
/// </summary>
internal static class ScriptEnvironment
{
    private const string PythonUnbuffered = "PYTHONUNBUFFERED";

    public static ImmutableSortedDictionary<string, string> Build(ScriptSpec spec, IReadOnlyDictionary<string, string> inherited) =>
        Build(spec, inherited, undefined: null);

    /// <param name="undefined">
    /// Receives each name that expanded to nothing: the key whose value named it, the name, and the index of the
    /// env_file entry (-1 for <c>env</c>); for validate's warnings.
    /// </param>
    public static ImmutableSortedDictionary<string, string> Build(
        ScriptSpec spec, IReadOnlyDictionary<string, string> inherited, Action<string, string, int>? undefined)
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        env.AddRange(inherited);
        string? Lookup(string name) => env.TryGetValue(name, out var value) ? value : null;
        var entries = spec.EnvFileEntries.IsDefault ? [] : spec.EnvFileEntries;
        var unbufferedSet = spec.Env.ContainsKey(PythonUnbuffered);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            env[entry.Key] = entry.Literal ? entry.Value : Expand(entry.Value, Lookup, name => undefined?.Invoke(entry.Key, name, i));
            unbufferedSet |= entry.Key == PythonUnbuffered;
        }

        foreach (var key in spec.EnvOrder.IsDefault ? [.. spec.Env.Keys] : spec.EnvOrder)
        {
            env[key] = Expand(spec.Env[key], Lookup, name => undefined?.Invoke(key, name, -1));
        }

        // Python block-buffers stdout into a pipe: without this a script shows nothing until 4 KiB pile up,
        // and loses those on stop. The script's own env (or env_file) may still say otherwise.
        if (!unbufferedSet)
        {
            env[PythonUnbuffered] = "1";
        }

        if (spec.Venv is { } venv)
        {
            // What `source .venv/bin/activate` does.
            var bin = Path.Combine(venv, "bin");
            env["PATH"] = env.TryGetValue("PATH", out var path) && path.Length > 0 ? $"{bin}:{path}" : bin;
            env["VIRTUAL_ENV"] = venv;
            env.Remove("PYTHONHOME");
        }

        return env.ToImmutable();
    }

    private static string Expand(string value, Func<string, string?> lookup, Action<string> undefined)
    {
        // Syntax errors were refused when the config loaded; a value that still has one is used as written.
        var result = EnvInterpolation.Expand(value, lookup);
        if (result.Error is not null)
        {
            return value;
        }

        foreach (var name in result.Undefined)
        {
            undefined(name);
        }

        return result.Value;
    }
}
