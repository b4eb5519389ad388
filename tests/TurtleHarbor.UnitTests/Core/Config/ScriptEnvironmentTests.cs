using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class ScriptEnvironmentTests
{
    private static ScriptSpec Spec(string yaml, string configPath) => ConfigLoader.Parse(yaml, configPath).Scripts[0];

    [Fact]
    public void Env_wins_over_env_file_which_wins_over_the_daemon_environment()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, ".env"), "FROM_FILE=file\nSHARED=file\nOVERRIDDEN=file\n");
            var spec = Spec(
                "scripts:\n  web:\n    command: x\n    env_file: .env\n    env: { OVERRIDDEN: env, ONLY_ENV: 1 }\n",
                Path.Combine(dir, "scripts.yml"));
            var inherited = new Dictionary<string, string> { ["HOME"] = "/home/u", ["SHARED"] = "daemon", ["OVERRIDDEN"] = "daemon" };

            var env = ScriptEnvironment.Build(spec, inherited);

            Assert.Equal(
                ["FROM_FILE=file", "HOME=/home/u", "ONLY_ENV=1", "OVERRIDDEN=env", "PYTHONUNBUFFERED=1", "SHARED=file"],
                env.Select(p => $"{p.Key}={p.Value}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Python_is_unbuffered_unless_the_script_env_or_env_file_says_otherwise()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            var config = Path.Combine(dir, "scripts.yml");
            File.WriteAllText(Path.Combine(dir, ".env"), "PYTHONUNBUFFERED=\n");
            var daemon = new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "" };
            Assert.Equal("1", ScriptEnvironment.Build(Spec("scripts:\n  a:\n    command: x\n", config), daemon)["PYTHONUNBUFFERED"]);
            Assert.Equal("0", ScriptEnvironment.Build(Spec("scripts:\n  a:\n    command: x\n    env: { PYTHONUNBUFFERED: 0 }\n", config), daemon)["PYTHONUNBUFFERED"]);
            Assert.Equal("", ScriptEnvironment.Build(Spec("scripts:\n  a:\n    command: x\n    env_file: .env\n", config), daemon)["PYTHONUNBUFFERED"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_env_file_is_read_at_each_build_so_edits_count_at_the_next_start()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            var envFile = Path.Combine(dir, ".env");
            var spec = Spec("scripts:\n  web:\n    command: x\n    env_file: .env\n", Path.Combine(dir, "scripts.yml"));
            Assert.Throws<ConfigNotFoundException>(() => ScriptEnvironment.Build(spec, ImmutableDictionary<string, string>.Empty));

            File.WriteAllText(envFile, "V=1\n");
            Assert.Equal("1", ScriptEnvironment.Build(spec, ImmutableDictionary<string, string>.Empty)["V"]);

            File.WriteAllText(envFile, "V=2\n");
            Assert.Equal("2", ScriptEnvironment.Build(spec, ImmutableDictionary<string, string>.Empty)["V"]);

            File.WriteAllText(envFile, "V 2\n");
            var error = Assert.Throws<ConfigInvalidException>(() => ScriptEnvironment.Build(spec, ImmutableDictionary<string, string>.Empty));
            Assert.Equal((envFile, 1, 3), (error.Problems[0].File, error.Problems[0].Line, error.Problems[0].Column));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_venv_prepends_its_bin_to_PATH_and_sets_VIRTUAL_ENV()
    {
        var spec = Spec("scripts:\n  web:\n    command: x\n    venv: .venv\n", "/proj/scripts.yml");
        var inherited = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["PYTHONHOME"] = "/opt/py" };

        var env = ScriptEnvironment.Build(spec, inherited);

        Assert.Equal("/proj/.venv/bin:/usr/bin:/bin", env["PATH"]);
        Assert.Equal("/proj/.venv", env["VIRTUAL_ENV"]);
        Assert.False(env.ContainsKey("PYTHONHOME"));
    }

    [Fact]
    public void A_venv_without_any_PATH_gets_just_its_bin()
    {
        var spec = Spec("scripts:\n  web:\n    command: x\n    venv: /opt/venv\n", "/proj/scripts.yml");

        Assert.Equal("/opt/venv/bin", ScriptEnvironment.Build(spec, ImmutableDictionary<string, string>.Empty)["PATH"]);
    }
}
