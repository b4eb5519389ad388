using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>A log file belongs to exactly one script (CONTRACTS.md §5): projects, shared folders, names, the daemon log.</summary>
public sealed class LogOwnershipTests
{
    private const int FloodLines = 200_000;

    private static string Flood(string tag) =>
        $"while [ ! -e ../go ]; do sleep 0.05; done; awk 'BEGIN {{ for (i = 1; i <= {FloodLines}; i++) print \"{tag} \" i }}'";

    [Fact(Timeout = 180_000)]
    public async Task Two_projects_with_the_same_script_name_each_keep_exactly_their_own_lines()
    {
        await using var th = new ThHome();
        var a = Path.Combine(th.Root, "a", "api");
        var b = Path.Combine(th.Root, "b", "api");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        var configA = Path.Combine(a, "scripts.yml");
        var configB = Path.Combine(b, "scripts.yml");
        File.WriteAllText(configA, $"scripts:\n  web:\n    command: {JsonSerializer.Serialize(Flood("A"))}\n");
        File.WriteAllText(configB, $"scripts:\n  web:\n    command: {JsonSerializer.Serialize(Flood("B"))}\n");
        await th.OkAsync("-c", configA, "up");
        await th.OkAsync("-c", configB, "up");
        File.WriteAllText(Path.Combine(th.Root, "a", "go"), "");
        File.WriteAllText(Path.Combine(th.Root, "b", "go"), "");
        await th.WaitForLogAsync(configA, "web", "[th] exited", TimeSpan.FromSeconds(120));
        await th.WaitForLogAsync(configB, "web", "[th] exited", TimeSpan.FromSeconds(120));

        Assert.NotEqual(th.LogOf(configA, "web"), th.LogOf(configB, "web"));
        foreach (var (config, tag, other) in new[] { (configA, "A ", "B "), (configB, "B ", "A ") })
        {
            var texts = LogFiles.Texts(th.LogOf(config, "web"));
            LogFiles.AssertConsecutive(LogFiles.Numbers(texts, tag), 1, config);
            Assert.Equal(FloodLines, LogFiles.Numbers(texts, tag).Count);
            Assert.DoesNotContain(texts, t => t.Contains(other, StringComparison.Ordinal));

            var shown = (await th.OkAsync("-c", config, "logs", "web", "-n", "50")).Stdout;
            Assert.Contains($"[stdout] {tag}{FloodLines}", shown);
            Assert.DoesNotContain($"[stdout] {other}", shown);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Two_configs_in_one_folder_get_files_of_their_own_and_a_shared_log_dir_is_refused_naming_both()
    {
        await using var th = new ThHome();
        var dev = Path.Combine(th.Project, "scripts.dev.yml");
        th.WriteConfig("scripts:\n  web:\n    command: echo main\n");
        File.WriteAllText(dev, "scripts:\n  web:\n    command: echo dev\n");
        await th.OkAsync("up");
        await th.OkAsync("-c", dev, "up");
        await th.WaitForLogAsync("web", "[stdout] main");
        await th.WaitForLogAsync(dev, "web", "[stdout] dev");
        Assert.DoesNotContain(LogFiles.Texts(th.LogOf("web")), t => t.Contains("dev", StringComparison.Ordinal));

        var shared = Path.Combine(th.Project, "scripts.shared.yml");
        File.WriteAllText(shared, "settings:\n  log_dir: ./logs\nscripts:\n  Web:\n    command: echo shared\n");
        var other = Path.Combine(th.Project, "scripts.other.yml");
        File.WriteAllText(other, "settings:\n  log_dir: ./logs\nscripts:\n  web:\n    command: echo other\n");
        await th.OkAsync("-c", shared, "up");
        var refused = await th.RunAsync("-c", other, "up");

        Assert.Equal(78, refused.ExitCode);
        Assert.Contains(other, refused.Stderr);
        Assert.Contains(shared, refused.Stderr);
        Assert.Contains("script 'web'", refused.Stderr);
        Assert.Contains("script 'Web'", refused.Stderr);
        Assert.DoesNotContain(other, (await th.OkAsync("ps", "--all", "--json")).Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task Names_that_differ_only_by_case_are_refused()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: echo a\n  Web:\n    command: echo b\n");

        var validate = await th.RunAsync("validate");
        Assert.Equal(78, validate.ExitCode);
        Assert.Contains("scripts.yml:4:3: script names 'web' and 'Web' differ only by case", validate.Stderr + validate.Stdout);
        Assert.Equal(78, (await th.RunAsync("up")).ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_name_of_129_bytes_is_refused_by_validate_at_its_position()
    {
        await using var th = new ThHome();
        var name = new string('n', 129);
        th.WriteConfig($"scripts:\n  ok:\n    command: echo\n  {name}:\n    command: echo\n");

        var validate = await th.RunAsync("validate");

        Assert.Equal(78, validate.ExitCode);
        Assert.Contains("scripts.yml:4:3: script name", validate.Stderr + validate.Stdout);
        Assert.Contains("is 129 bytes long; at most 128", validate.Stderr + validate.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_script_named_daemon_leaves_the_daemon_log_valid_JSON_lines()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  daemon:\n    command: 'echo \"not {json\"; echo plain text'\n");
        await th.OkAsync("up");
        await th.WaitForLogAsync("daemon", "[stdout] plain text");

        var daemonLog = Path.Combine(th.LogDir, "daemon.log");
        Assert.NotEqual(daemonLog, th.LogOf("daemon"));
        foreach (var line in File.ReadAllLines(daemonLog))
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }

        Assert.Contains("[stdout] plain text", (await th.OkAsync("logs", "daemon")).Stdout);
    }
}
