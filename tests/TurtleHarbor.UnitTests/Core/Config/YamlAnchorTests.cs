using TurtleHarbor.Core.Config;
using static TurtleHarbor.Tests.Core.Config.ConfigTestFiles;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class YamlAnchorTests
{
    [Fact]
    public void A_compose_style_file_with_x_defaults_and_merge_keys_gives_the_merged_scripts()
    {
        var config = ConfigLoader.Parse(
            """
            x-defaults: &d
              restart_policy: always
              stop_timeout: 10s
              env: { LOG_LEVEL: info }
            x-env: &extra
              max_restarts: 9
            scripts:
              web:
                <<: *d
                command: ./web
                stop_timeout: 2s
              worker:
                <<: [*d, *extra]
                command: ./worker
                env: { LOG_LEVEL: debug }
              plain:
                command: ./plain
            """,
            ConfigTestFiles.Path);

        var web = config.Scripts.Single(s => s.Name == "web");
        Assert.Equal(RestartPolicy.Always, web.RestartPolicy);
        Assert.Equal(TimeSpan.FromSeconds(2), web.StopTimeout);
        Assert.Equal("info", web.Env["LOG_LEVEL"]);
        var worker = config.Scripts.Single(s => s.Name == "worker");
        Assert.Equal(RestartPolicy.Always, worker.RestartPolicy);
        Assert.Equal(9, worker.MaxRestarts);
        Assert.Equal(TimeSpan.FromSeconds(10), worker.StopTimeout);
        Assert.Equal("debug", worker.Env["LOG_LEVEL"]);
        var plain = config.Scripts.Single(s => s.Name == "plain");
        Assert.Equal(RestartPolicy.Never, plain.RestartPolicy);
        Assert.Equal(["web", "worker", "plain"], config.Scripts.Select(s => s.Name));
    }

    [Fact]
    public void An_alias_of_a_scalar_and_of_a_whole_script_reads_as_the_anchored_value()
    {
        var config = ConfigLoader.Parse(
            """
            scripts:
              a: &a
                command: &cmd ./run --port 1
              b: *a
              c:
                command: *cmd
            """,
            ConfigTestFiles.Path);

        Assert.All(config.Scripts, s => Assert.Equal("./run --port 1", s.Command));
        Assert.Equal(3, config.Scripts.Length);
    }

    [Fact]
    public void A_problem_inside_an_anchor_is_reported_where_the_anchor_is_written()
    {
        Assert.Equal(
            "2:17: 'stop_timeout': bad duration 'soon'; " + Durations.Help,
            Problem("""
                x-d: &d
                  stop_timeout: soon
                scripts:
                  web:
                    <<: *d
                    command: ./web
                """));
    }

    [Fact]
    public void A_problem_after_an_expansion_keeps_its_own_position()
    {
        Assert.Equal(
            "8:19: 'max_restarts' must be a whole number, found 'many'",
            Problem("""
                x-d: &d
                  restart_policy: always
                  env: { A: "1", B: "2" }
                scripts:
                  web:
                    <<: *d
                    command: ./web
                    max_restarts: many
                """));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void A_billion_laughs_file_is_refused_with_one_problem(int depth)
    {
        var yaml = BillionLaughs(depth);
        Assert.True(yaml.Length < 1024);

        var problem = Problem(yaml);

        Assert.Contains("too many values (at most 10000 after expanding aliases)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_alias_and_a_self_reference_are_refused()
    {
        Assert.Contains("has no anchor before it", Problem("scripts:\n  web:\n    command: *nope\n"), StringComparison.Ordinal);
        Assert.Contains("inside its own anchor", Problem("scripts: &s\n  web: *s\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_of_something_that_is_not_a_mapping_is_refused()
    {
        Assert.Equal(
            "4:9: '<<' merges mappings: give an alias of one (<<: *defaults) or a list of them, found 'x'",
            Problem("""
                scripts:
                  web:
                    command: ./web
                    <<: x
                """));
    }

    [Fact]
    public void A_duplicate_key_is_reported_with_both_lines()
    {
        Assert.Equal(
            "3:3: duplicate script name 'web' in scripts (first defined on line 2)",
            Problem("""
                scripts:
                  web: { command: a }
                  web: { command: b }
                """));
    }

    /// <summary>The classic: each level a list of ten aliases of the level before.</summary>
    internal static string BillionLaughs(int depth)
    {
        var lines = new List<string> { "x-l0: &l0 lol" };
        for (var level = 1; level <= depth; level++)
        {
            lines.Add($"x-l{level}: &l{level} [{string.Join(",", Enumerable.Repeat($"*l{level - 1}", 10))}]");
        }

        lines.Add($"scripts: {{ web: {{ command: echo, env: {{ A: *l{depth} }} }} }}");
        return string.Join('\n', lines) + "\n";
    }
}
