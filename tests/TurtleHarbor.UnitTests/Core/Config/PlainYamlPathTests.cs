using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

/// <summary>
/// A file without anchors, aliases, merge keys or x- keys is read straight from its text, skipping the expanding pass;
/// the same file with one unused anchored x- key at the end goes through that pass. Both must give the same config,
/// the same problems on the same lines and the same warnings.
/// </summary>
public sealed class PlainYamlPathTests
{
    private const string ForceExpanding = "x-force: &force 1\n";

    [Fact]
    public void A_plain_file_gives_the_config_the_expanding_pass_gives()
    {
        const string yaml = """
            settings:
              log:
                max_line_length: 4096
                max_file_size: 10MB
                max_files: 3
            scripts:
              web:
                command: ./web --port 8080 && echo "*" & wait
                restart_policy: always
                max_restarts: 5
                restart_delay: 1.5s
                stop_signal: SIGINT
                stop_timeout: 3s
                env: { A: 1, B: yes, C: "quoted", D: ~, E: '', F: 1.0, G: true }
              nightly:
                command: 'true'
                cron: "0 3 * * *"
              plain:
                command: >-
                  sh -c
                  'echo folded'

            """;

        var plain = ConfigLoader.ReviewText(yaml, ConfigTestFiles.Path);
        var expanded = ConfigLoader.ReviewText(yaml + ForceExpanding, ConfigTestFiles.Path);

        Assert.Empty(plain.Problems);
        Assert.Empty(expanded.Problems);
        Assert.Equal(expanded.Warnings, plain.Warnings);
        Assert.Equal(expanded.Config!.Settings.Log, plain.Config!.Settings.Log);
        Assert.Equal(expanded.Config.Settings.LogDir, plain.Config.Settings.LogDir);
        Assert.Equal(expanded.Config.Scripts.Select(s => s.Name), plain.Config.Scripts.Select(s => s.Name));
        foreach (var (before, after) in expanded.Config.Scripts.Zip(plain.Config.Scripts))
        {
            Assert.Empty(ScriptSpecDiff.ChangedFields(before, after));
            Assert.Equal(before.Command, after.Command);
            Assert.Equal(before.Env.OrderBy(e => e.Key), after.Env.OrderBy(e => e.Key));
        }
    }

    [Fact]
    public void A_plain_file_with_problems_reports_what_the_expanding_pass_reports()
    {
        const string yaml = """
            scripts:
              web:
                command: ./web
                max_restarts: many
                restart_dealy: 1s
              cron_job:
                command: [a, b]
                cron: "not a schedule"

            """;

        var plain = ConfigLoader.ReviewText(yaml, ConfigTestFiles.Path);
        var expanded = ConfigLoader.ReviewText(yaml + ForceExpanding, ConfigTestFiles.Path);

        Assert.NotEmpty(plain.Problems);
        Assert.Null(plain.Config);
        Assert.Equal(expanded.Problems.Select(p => p.ToString()), plain.Problems.Select(p => p.ToString()));
        Assert.Equal(expanded.Warnings.Select(p => p.ToString()), plain.Warnings.Select(p => p.ToString()));
    }
}
