using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>The environment a script is spawned with: the daemon's, then env_file, then env, then venv.</summary>
internal static class ScriptEnvironment
{
    /// <summary>Reads <see cref="ScriptSpec.EnvFile"/> now, so an edited file counts at the next start without a reload.</summary>
    /// <exception cref="Errors.ConfigNotFoundException">The env_file is missing.</exception>
    /// <exception cref="Errors.ConfigInvalidException">The env_file has a malformed line.</exception>
    public static ImmutableSortedDictionary<string, string> Build(ScriptSpec spec, IReadOnlyDictionary<string, string> inherited)
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        env.AddRange(inherited);
        if (spec.EnvFile is { } envFile)
        {
            foreach (var (key, value) in EnvFile.Load(envFile))
            {
                env[key] = value;
            }
        }

        foreach (var (key, value) in spec.Env)
        {
            env[key] = value;
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
