using System.Diagnostics;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using static TurtleHarbor.Tests.Core.Config.ConfigTestFiles;

namespace TurtleHarbor.Tests.Core.Config;

/// <summary>What validate must catch so that a config that validates also starts (issue 14, item 4).</summary>
public sealed class ConfigStartChecksTests
{
    [Fact]
    public void A_NUL_in_a_command_an_env_name_or_an_env_value_is_a_problem_at_its_position()
    {
        Assert.Equal(
            [
                "3:14: 'command' of script 'web' contains a NUL character, which no command line can carry",
                "4:15: env value 'A' contains a NUL character, which no environment variable can carry",
                "4:23: 'B\\0C' is not a valid env name",
            ],
            ConfigTestFiles.Problems("scripts:\n  web:\n    command: \"a\\0b\"\n    env: { A: \"x\\0y\", \"B\\0C\": z }\n"));
    }

    [Fact]
    public void A_bad_env_file_shows_every_problem_with_its_own_position()
    {
        var dir = TempDirectory();
        try
        {
            var envFile = System.IO.Path.Combine(dir, ".env");
            File.WriteAllText(envFile, "GOOD=1\nBAD LINE\n1X=2\nNUL=\"a\\0b\"\nQ=\"open\nOK=${\n");
            File.WriteAllText(envFile, File.ReadAllText(envFile).Replace("\\0", "\0", StringComparison.Ordinal));
            var config = System.IO.Path.Combine(dir, "scripts.yml");
            File.WriteAllText(config, "scripts:\n  web:\n    command: x\n    env_file: .env\n");

            var problems = ConfigLoader.Validate(config);

            Assert.Equal(
                [
                    $"{envFile}:2:5: expected '=' after 'BAD' (KEY=VALUE)",
                    $"{envFile}:3:1: expected KEY=VALUE, where KEY is letters, digits and '_' (not starting with a digit)",
                    $"{envFile}:4:6: the value of 'NUL' contains a NUL character, which no environment variable can carry",
                    $"{envFile}:5:3: unterminated double-quoted value (quotes must close on the same line)",
                    $"{envFile}:6:4: 'OK': '${{' is not closed with '}}' (write $$ for a literal $)",
                ],
                problems.Select(p => p.ToString()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_env_file_is_a_problem_at_its_key()
    {
        var dir = TempDirectory();
        try
        {
            var problems = Problems("scripts:\n  web:\n    command: x\n    env_file: nope.env\n", dir);

            Assert.Equal([$"4:15: env_file not found: {dir}/nope.env"], problems);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_venv_and_a_context_that_is_a_file_are_refused_with_the_right_words()
    {
        var dir = TempDirectory();
        try
        {
            File.WriteAllText(System.IO.Path.Combine(dir, "afile"), "");
            Directory.CreateDirectory(System.IO.Path.Combine(dir, "half-venv"));

            var problems = Problems(
                "scripts:\n  web:\n    command: x\n    venv: .venv\n    context: afile\n  api:\n    command: x\n    venv: half-venv\n    context: gone\n",
                dir);

            Assert.Equal(
                [
                    "4:11: venv '.venv' does not exist (looked for .venv/bin)",
                    "5:14: context 'afile' is a file, not a folder",
                    "8:11: venv 'half-venv' does not exist (looked for half-venv/bin)",
                    $"9:14: context 'gone' does not exist (looked for {dir}/gone)",
                ],
                problems);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Invalid_UTF8_in_the_config_is_refused_with_its_position()
    {
        var dir = TempDirectory();
        try
        {
            var path = System.IO.Path.Combine(dir, "scripts.yml");
            File.WriteAllBytes(path, [.. "scripts:\n  web:\n    command: caf"u8, 0xE9, .. "\n"u8]);

            var error = Assert.Throws<ConfigInvalidException>(() => ConfigLoader.Load(path));

            var problem = Assert.Single(error.Problems);
            Assert.Equal((3, 17), (problem.Line, problem.Column));
            Assert.StartsWith("this config file is not valid UTF-8 (byte 0xe9", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/urandom", "a character device")]
    [InlineData("/tmp", "a directory")]
    public void A_special_file_is_refused_without_reading_it(string path, string kind)
    {
        var error = Assert.Throws<ThIoException>(() => ConfigLoader.Load(path));

        Assert.Equal($"cannot read config file {path}: it is {kind}, not a regular file", error.Message);
    }

    [Fact]
    public void A_FIFO_is_refused_without_blocking()
    {
        var dir = TempDirectory();
        try
        {
            var fifo = System.IO.Path.Combine(dir, "scripts.yml");
            using (var mkfifo = Process.Start("mkfifo", [fifo]))
            {
                mkfifo.WaitForExit();
            }

            var error = Assert.Throws<ThIoException>(() => ConfigLoader.Load(fifo));

            Assert.Equal($"cannot read config file {fifo}: it is a named pipe (FIFO), not a regular file", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_file_over_1_MiB_is_refused_as_too_large()
    {
        var dir = TempDirectory();
        try
        {
            var path = System.IO.Path.Combine(dir, "scripts.yml");
            File.WriteAllText(path, "# " + new string('x', ConfigFileReader.MaxBytes) + "\n");

            var error = Assert.Throws<ConfigInvalidException>(() => ConfigLoader.Load(path));

            var problem = Assert.Single(error.Problems);
            Assert.Equal((1, 1), (problem.Line, problem.Column));
            Assert.Equal("this config file is too large: over 1048576 bytes (at most 1 MiB)", problem.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Problems(string yaml, string dir)
    {
        var error = Assert.Throws<ConfigInvalidException>(() => ConfigLoader.Parse(yaml, System.IO.Path.Combine(dir, "scripts.yml")));
        return [.. error.Problems.Select(p => $"{p.Line}:{p.Column}: {p.Message}")];
    }
}
