using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>The environment a script is spawned with: the daemon's, then env_file, then env, then venv; PYTHONUNBUFFERED=1 unless env or env_file set it.</summary>
internal static class ScriptEnvironment
{
    private const string PythonUnbuffered = "PYTHONUNBUFFERED";

    /// <summary>Reads <see cref="ScriptSpec.EnvFile"/> now, so an edited file counts at the next start without a reload.</summary>
    /// <exception cref="Errors.ConfigNotFoundException">The env_file is missing.</exception>
    /// <exception cref="Errors.ConfigInvalidException">The env_file has a malformed line.</exception>
    public static ImmutableSortedDictionary<string, string> Build(ScriptSpec spec, IReadOnlyDictionary<string, string> inherited)
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        env.AddRange(inherited);
        var unbufferedSet = spec.Env.ContainsKey(PythonUnbuffered);
        if (spec.EnvFile is { } envFile)
        {
            foreach (var (key, value) in EnvFile.Load(envFile))
            {
                env[key] = value;
                unbufferedSet |= key == PythonUnbuffered;
            }
        }

        foreach (var (key, value) in spec.Env)
        {
            env[key] = value;
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
}
