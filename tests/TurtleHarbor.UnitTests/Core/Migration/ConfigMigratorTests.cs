using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Migration;
using TurtleHarbor.Tests.Core.Config;

namespace TurtleHarbor.Tests.Core.Migration;

public sealed class ConfigMigratorTests : IDisposable
{
    private readonly string _dir = ConfigTestFiles.TempDirectory();

    private string ConfigPath => Path.Combine(_dir, "scripts.yml");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_readme_config_becomes_a_diff_with_a_note_on_every_changed_line()
    {
        var migration = ConfigMigrator.Migrate(ZeroXFixtures.Readme, ConfigPath);

        var diff = UnifiedDiff.Format("a", "b", migration.Lines);

        Assert.Equal(
            """
            --- a
            +++ b
            @@ -5,6 +5,7 @@
             scripts:
               backend:
                 command: "./backend.sh"
            -    restart_policy: "always"
            +    restart_policy: "on-failure"  # th migrate: 0.x's 'always' restarted only after a failure; 'always' here also restarts after exit 0
            +    restart_delay: 15s  # th migrate: 0.x waited 15 s before a restart, doubling to 300 s
                 max_restarts: 5
            -    cron: "0 */1 * * * * *"
            +    cron: "0 */1 * * * *"  # th migrate: was "0 */1 * * * * *": the 7th field (year '*') dropped

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            diff);
    }

    [Theory]
    [InlineData(nameof(ZeroXFixtures.Readme))]
    [InlineData(nameof(ZeroXFixtures.Example))]
    [InlineData(nameof(ZeroXFixtures.PythonExample))]
    [InlineData(nameof(ZeroXFixtures.Weekly))]
    public void Every_fixture_migrates_to_a_config_that_loads_clean_with_the_same_scripts(string fixture)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "examples/python-script/.venv/bin"));
        var zeroX = Fixture(fixture);

        var migration = ConfigMigrator.Migrate(zeroX, ConfigPath);
        var config = ConfigLoader.Parse(migration.Text, ConfigPath);

        Assert.True(migration.Changed);
        Assert.NotEmpty(config.Scripts);
        Assert.All(config.Scripts, s => Assert.NotEqual(RestartPolicy.Always, s.RestartPolicy));
        Assert.All(migration.Lines.Where(l => !l.Unchanged), l => Assert.Contains("# th migrate: ", l.New[0], StringComparison.Ordinal));
        Assert.False(ConfigMigrator.Migrate(migration.Text, ConfigPath).Changed);
    }

    [Fact]
    public void A_venv_relative_to_context_is_rebased_onto_the_config_folder()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "examples/python-script/.venv/bin"));

        var migration = ConfigMigrator.Migrate(ZeroXFixtures.PythonExample, ConfigPath);
        var script = Assert.Single(ConfigLoader.Parse(migration.Text, ConfigPath).Scripts);

        Assert.Equal(Path.Combine(_dir, "examples/python-script/.venv"), script.Venv);
        Assert.Equal(TimeSpan.FromSeconds(15), script.RestartDelay);
        Assert.Equal(RestartPolicy.OnFailure, script.RestartPolicy);
    }

    [Fact]
    public void Untouched_lines_keep_their_bytes_and_comments()
    {
        var migration = ConfigMigrator.Migrate(ZeroXFixtures.Weekly, ConfigPath);

        Assert.Contains("    command: ./backup.sh   # the weekly one\n", migration.Text, StringComparison.Ordinal);
        Assert.Contains("    cron: '0 0 3 * * 0'  # th migrate: ", migration.Text, StringComparison.Ordinal);
        Assert.Contains("    cron: 0 0 9 * * 1-5  # th migrate: ", migration.Text, StringComparison.Ordinal);
        Assert.Equal(
            ZeroXFixtures.Weekly.Split('\n').Where(l => !l.Contains("cron", StringComparison.Ordinal)),
            migration.Text.Split('\n').Where(l => !l.Contains("cron", StringComparison.Ordinal)));
    }

    [Fact]
    public void Crlf_files_stay_crlf()
    {
        var migration = ConfigMigrator.Migrate(ZeroXFixtures.Example.Replace("\n", "\r\n", StringComparison.Ordinal), ConfigPath);

        Assert.DoesNotContain("\r\r", migration.Text, StringComparison.Ordinal);
        Assert.Equal(migration.Text.Split('\n').Length - 1, migration.Text.Split("\r\n").Length - 1);
        Assert.Contains("restart_delay: 15s", migration.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_other_than_star_is_refused_at_its_position()
    {
        var error = Assert.Throws<MigrationRefusedException>(() =>
            ConfigMigrator.Migrate("scripts:\n  a:\n    command: x\n    cron: \"0 0 9 * * 1 2027\"\n", ConfigPath));

        var problem = Assert.Single(error.Problems);
        Assert.Equal((4, 11), (problem.Line, problem.Column));
        Assert.Contains("field 7 (year)", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scripts:\n  a:\n    command: x\n    restart_policy: on-failure\n", "'restart_policy: on-failure'")]
    [InlineData("scripts:\n  a:\n    command: x\n    cron: \"0 9 * * 1\"\n", "5-field cron")]
    [InlineData("scripts:\n  a:\n    command: x\n    restart_policy: always\n    restart_delay: 2s\n", "'restart_delay'")]
    [InlineData("scripts:\n  a:\n    command: x\n    cron: \"0 0 9 * * 0-4\"\n", "weekday 0")]
    [InlineData("scripts:\n  a:\n    command: x\n    cron: \"0 0 9 * * 1\"  # th migrate: was 2\n", "migrated already")]
    public void A_config_in_the_new_form_has_nothing_to_migrate(string yaml, string reason)
    {
        var migration = ConfigMigrator.Migrate(yaml, ConfigPath);

        Assert.False(migration.Changed);
        Assert.Equal(yaml, migration.Text);
        Assert.Contains(reason, migration.AlreadyNewForm, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_x_config_that_means_the_same_has_nothing_to_migrate()
    {
        var migration = ConfigMigrator.Migrate("scripts:\n  a:\n    command: x\n    restart_policy: never\n", ConfigPath);

        Assert.False(migration.Changed);
        Assert.Null(migration.AlreadyNewForm);
    }

    private static string Fixture(string name) => name switch
    {
        nameof(ZeroXFixtures.Readme) => ZeroXFixtures.Readme,
        nameof(ZeroXFixtures.Example) => ZeroXFixtures.Example,
        nameof(ZeroXFixtures.PythonExample) => ZeroXFixtures.PythonExample,
        _ => ZeroXFixtures.Weekly,
    };
}
