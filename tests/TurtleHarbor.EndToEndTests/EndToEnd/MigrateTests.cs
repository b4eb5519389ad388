namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>A turtle-harbor 0.x user's first steps: th migrate on their config, then their old commands.</summary>
public sealed class MigrateTests
{
    // The 0.x python example (examples/python-script/scripts.yml), re-typed: same keys and values.
    private const string ZeroXPython = """
        settings:
          log_dir: "./logs"

        scripts:
          python-demo:
            command: "python main.py"
            context: "./examples/python-script"
            venv: ".venv"
            env:
              PYTHONUNBUFFERED: "1"
            restart_policy: "always"
            max_restarts: 3
          weekly:
            command: ./weekly.sh   # Sundays at 03:00
            cron: "0 0 3 * * 1 *"
            restart_policy: always

        """;

    [Fact(Timeout = 60_000)]
    public async Task Migrate_prints_a_diff_and_changes_nothing_without_write()
    {
        await using var th = PythonProject();

        var result = await th.OkAsync("migrate");

        Assert.Contains($"--- {th.ConfigPath}\t(turtle-harbor 0.x)\n+++ {th.ConfigPath}\t(th)\n", result.Stdout);
        Assert.Contains("+    venv: \"./examples/python-script/.venv\"  # th migrate: ", result.Stdout);
        Assert.Contains("+    cron: \"0 0 3 * * 0\"  # th migrate: ", result.Stdout);
        Assert.Contains("-    restart_policy: always\n+    restart_policy: on-failure  # th migrate: ", result.Stdout);
        Assert.Contains("th migrate -c", result.Stderr);
        Assert.Equal(ZeroXPython, File.ReadAllText(th.ConfigPath));
        Assert.False(File.Exists(th.ConfigPath + ".0x.bak"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Write_keeps_the_original_and_the_result_validates_clean()
    {
        await using var th = PythonProject();

        var written = await th.OkAsync("migrate", "--write");
        var validated = await th.OkAsync("validate");
        var again = await th.OkAsync("migrate");

        Assert.Contains(".0x.bak", written.Stdout);
        Assert.Equal(ZeroXPython, File.ReadAllText(th.ConfigPath + ".0x.bak"));
        Assert.Contains("ok (2 scripts)", validated.Stdout);
        Assert.DoesNotContain("th migrate", validated.Stderr);
        Assert.StartsWith("nothing to migrate: ", again.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_second_write_does_not_overwrite_the_backup()
    {
        await using var th = PythonProject();
        File.WriteAllText(th.ConfigPath + ".0x.bak", "earlier backup\n");

        var result = await th.RunAsync("migrate", "--write");

        Assert.Equal(74, result.ExitCode);
        Assert.Contains("already exists", result.Stderr);
        Assert.Equal("earlier backup\n", File.ReadAllText(th.ConfigPath + ".0x.bak"));
        Assert.Equal(ZeroXPython, File.ReadAllText(th.ConfigPath));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_year_other_than_star_is_refused_with_its_position()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: x\n    cron: \"0 0 9 * * 1 2027\"\n");

        var result = await th.RunAsync("migrate");

        Assert.Equal(78, result.ExitCode);
        Assert.StartsWith($"th: {th.ConfigPath}:4:11: cron '0 0 9 * * 1 2027' limits field 7 (year)", result.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_config_of_this_version_has_nothing_to_migrate()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: x\n    restart_policy: on-failure\n");

        var result = await th.OkAsync("migrate", "--write");

        Assert.StartsWith("nothing to migrate: ", result.Stdout);
        Assert.False(File.Exists(th.ConfigPath + ".0x.bak"));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("scripts:\n  a:\n    command: x\n    cron: \"0 */1 * * * * *\"\n", 78)]
    [InlineData("scripts:\n  a:\n    command: x\n    cron: \"0 0 * * * *\"\n    restart_policy: always\n", 0)]
    public async Task Validate_points_a_0x_config_at_migrate(string yaml, int exitCode)
    {
        await using var th = new ThHome();
        th.WriteConfig(yaml);

        var result = await th.RunAsync("validate");

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains("hint: this looks like a turtle-harbor 0.x config", result.Stderr);
        Assert.Contains("run 'th migrate'", result.Stderr);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("list", "th ps --all")]
    [InlineData("install", "th service install")]
    [InlineData("uninstall", "th service uninstall")]
    [InlineData("update", "brew upgrade th")]
    public async Task Old_commands_name_their_successor_and_exit_64(string command, string successor)
    {
        await using var th = new ThHome();

        var result = await th.RunAsync(command, "--http-port", "8080");
        var help = await th.OkAsync("--help");

        Assert.Equal(64, result.ExitCode);
        Assert.Equal(1, result.Stderr.Count(c => c == '\n'));
        Assert.StartsWith($"th: use '{successor}", result.Stderr);
        Assert.DoesNotMatch($@"(?m)^\s+{command}\b", help.Stdout);
        Assert.Matches(@"(?m)^\s+migrate\b", help.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task Service_install_print_on_a_home_with_the_0x_service_shows_how_to_retire_it()
    {
        await using var th = new ThHome();
        var userHome = Path.Combine(th.Root, "user");
        var definition = OperatingSystem.IsMacOS()
            ? Path.Combine(userHome, "Library/LaunchAgents/com.turtle-harbor.daemon.plist")
            : Path.Combine(userHome, ".config/systemd/user/turtle-harbor.service");
        Directory.CreateDirectory(Path.GetDirectoryName(definition)!);
        File.WriteAllText(definition, "0.x's service definition\n");
        th.Environment["HOME"] = userHome;

        var result = await th.OkAsync("service", "install", "--print");

        Assert.Contains($"th: turtle-harbor 0.x's service is installed ({definition})", result.Stderr);
        Assert.Contains(
            OperatingSystem.IsMacOS()
                ? "  launchctl bootout gui/$(id -u)/com.turtle-harbor.daemon\n"
                : "  systemctl --user disable --now turtle-harbor.service\n",
            result.Stderr);
        Assert.Contains($"  rm {definition}\n", result.Stderr);
        Assert.Equal("0.x's service definition\n", File.ReadAllText(definition));
    }

    private static ThHome PythonProject()
    {
        var th = new ThHome();
        th.WriteConfig(ZeroXPython);
        Directory.CreateDirectory(Path.Combine(th.Project, "examples/python-script/.venv/bin"));
        return th;
    }
}
