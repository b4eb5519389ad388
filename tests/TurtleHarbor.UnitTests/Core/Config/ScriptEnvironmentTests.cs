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
    public void The_env_file_is_read_with_the_config_so_a_changed_content_is_a_changed_spec()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            var envFile = Path.Combine(dir, ".env");
            var configPath = Path.Combine(dir, "scripts.yml");
            const string yaml = "scripts:\n  web:\n    command: x\n    env_file: .env\n";
            File.WriteAllText(envFile, "V=1\n");
            var first = Spec(yaml, configPath);

            File.WriteAllText(envFile, "V=2\n");
            var second = Spec(yaml, configPath);

            Assert.Equal("1", ScriptEnvironment.Build(first, ImmutableDictionary<string, string>.Empty)["V"]);
            Assert.Equal("2", ScriptEnvironment.Build(second, ImmutableDictionary<string, string>.Empty)["V"]);
            Assert.Equal(["env_file"], ScriptSpecDiff.ChangedFields(first, second).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Env_and_env_file_values_expand_against_the_daemon_then_the_env_file_then_the_keys_above()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, ".env"), "HOST=db\nURL=postgres://${HOST}:${PORT:-5432}/$NAME\nRAW='$HOST'\n");
            var spec = Spec(
                """
                scripts:
                  web:
                    command: x
                    env_file: .env
                    env:
                      PATH: "./bin:$PATH"
                      PRICE: "$$5"
                      GREETING: "hi ${WHO:-world}"
                      EMPTY_OK: "${UNSET-}"
                      FIRST: one
                      SECOND: "${FIRST}-two"
                      MISSING: "[${NOT_SET_ANYWHERE}]"
                """,
                Path.Combine(dir, "scripts.yml"));
            var inherited = new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["NAME"] = "app" };

            var env = ScriptEnvironment.Build(spec, inherited);

            Assert.Equal("./bin:/usr/bin", env["PATH"]);
            Assert.Equal("$5", env["PRICE"]);
            Assert.Equal("hi world", env["GREETING"]);
            Assert.Equal("", env["EMPTY_OK"]);
            Assert.Equal("one-two", env["SECOND"]);
            Assert.Equal("[]", env["MISSING"]);
            Assert.Equal("postgres://db:5432/app", env["URL"]);
            Assert.Equal("$HOST", env["RAW"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_undefined_name_is_a_validate_warning_and_a_bad_one_a_problem()
    {
        var report = ConfigLoader.ReviewText(
            "scripts:\n  web:\n    command: x\n    env:\n      A: \"${TH_TEST_SURELY_UNSET_1}\"\n      B: ${X:-d}\n",
            "/proj/scripts.yml");

        Assert.NotNull(report.Config);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal((5, 10), (warning.Line, warning.Column));
        Assert.Contains("'$TH_TEST_SURELY_UNSET_1' is not set, so 'A' gets an empty string there", warning.Message, StringComparison.Ordinal);

        var problem = Assert.Single(ConfigTestFiles.Problems("scripts:\n  web:\n    command: x\n    env: { A: \"${B\" }\n"));
        Assert.Equal("4:15: env 'A': '${' is not closed with '}' (write $$ for a literal $)", problem);
    }

    [Fact]
    public void A_venv_prepends_its_bin_to_PATH_and_sets_VIRTUAL_ENV()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, ".venv/bin"));
            var spec = Spec("scripts:\n  web:\n    command: x\n    venv: .venv\n", Path.Combine(dir, "scripts.yml"));
            var inherited = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["PYTHONHOME"] = "/opt/py" };

            var env = ScriptEnvironment.Build(spec, inherited);

            Assert.Equal($"{dir}/.venv/bin:/usr/bin:/bin", env["PATH"]);
            Assert.Equal($"{dir}/.venv", env["VIRTUAL_ENV"]);
            Assert.False(env.ContainsKey("PYTHONHOME"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_venv_without_any_PATH_gets_just_its_bin()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "venv/bin"));
            var spec = Spec($"scripts:\n  web:\n    command: x\n    venv: {dir}/venv\n", "/proj/scripts.yml");

            Assert.Equal($"{dir}/venv/bin", ScriptEnvironment.Build(spec, ImmutableDictionary<string, string>.Empty)["PATH"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
