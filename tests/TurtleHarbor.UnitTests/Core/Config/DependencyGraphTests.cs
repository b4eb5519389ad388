using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

/// <summary>The depends_on graph: cycles, closures and topological levels.</summary>
public sealed class DependencyGraphTests
{
    private static ProjectConfig Config(string scripts) => ConfigLoader.Parse("scripts:\n" + scripts, ConfigTestFiles.Path);

    private static string[][] Levels(ProjectConfig config) =>
        [.. DependencyGraph.Levels(config.Scripts).Select(level => level.Select(s => s.Name).ToArray())];

    [Fact]
    public void A_diamond_has_three_levels_with_both_sides_in_the_middle()
    {
        var config = Config("""
              top: { command: ./t, depends_on: [left, right] }
              left: { command: ./l, depends_on: [base] }
              right: { command: ./r, depends_on: [base] }
              base: { command: ./b }
            """);

        Assert.Equal([["base"], ["left", "right"], ["top"]], Levels(config));
    }

    [Fact]
    public void A_script_sits_one_level_above_its_deepest_dependency()
    {
        var config = Config("""
              a: { command: ./a }
              b: { command: ./b, depends_on: [a] }
              c: { command: ./c, depends_on: [b] }
              d: { command: ./d, depends_on: [a, c] }
              e: { command: ./e }
            """);

        Assert.Equal([["a", "e"], ["b"], ["c"], ["d"]], Levels(config));
    }

    [Fact]
    public void Levels_of_a_subset_ignore_dependencies_outside_it_and_keep_those_inside()
    {
        var config = Config("""
              a: { command: ./a }
              b: { command: ./b, depends_on: [a] }
              c: { command: ./c, depends_on: [b] }
            """);

        var levels = DependencyGraph.Levels([config.Find("b")!, config.Find("c")!]);

        Assert.Equal([["b"], ["c"]], levels.Select(l => l.Select(s => s.Name).ToArray()).ToArray());
    }

    [Fact]
    public void What_a_cycle_holds_back_goes_in_one_last_level_after_the_rest()
    {
        ScriptSpec Spec(string name, params string[] needs) =>
            new(name, "./x", RestartPolicy.Never, 0, TimeSpan.Zero, null, null, MissedTickPolicy.Skip, "/", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, null, null, TurtleHarbor.Core.Native.Signal.Term, TimeSpan.FromSeconds(1))
            {
                DependsOn = [.. needs.Select(n => new Dependency(n, DependencyCondition.Started))],
            };

        var levels = DependencyGraph.Levels([Spec("a"), Spec("b", "c"), Spec("c", "b"), Spec("d", "a"), Spec("e", "b"), Spec("f", "f")]);

        Assert.Equal([["a"], ["d"], ["b", "c", "e", "f"]], levels.Select(l => l.Select(s => s.Name).ToArray()).ToArray());
    }

    [Fact]
    public void Ten_thousand_scripts_without_dependencies_are_one_level_in_file_order_and_a_long_chain_one_a_level()
    {
        var flat = Config(string.Concat(Enumerable.Range(1, 10_000).Select(i => $"  s{i}: {{ command: ./x }}\n")));
        var level = Assert.Single(DependencyGraph.Levels(flat.Scripts));
        Assert.Equal(flat.Scripts.Select(s => s.Name), level.Select(s => s.Name));

        var chain = Config(string.Concat(Enumerable.Range(1, 2_000).Select(i => i == 1 ? "  s1: { command: ./x }\n" : $"  s{i}: {{ command: ./x, depends_on: [s{i - 1}] }}\n")));
        var levels = DependencyGraph.Levels(chain.Scripts);
        Assert.Equal(2_000, levels.Length);
        Assert.Equal(chain.Scripts.Select(s => s.Name), levels.Select(l => Assert.Single(l).Name));
    }

    [Fact]
    public void The_closure_of_a_name_holds_what_it_needs_transitively_in_file_order()
    {
        var config = Config("""
              a: { command: ./a }
              b: { command: ./b, depends_on: [a] }
              c: { command: ./c, depends_on: [b] }
              d: { command: ./d }
            """);

        Assert.Equal(["a", "b", "c"], DependencyGraph.WithDependencies(config, ["c"]).ToArray());
        Assert.Equal(["d"], DependencyGraph.WithDependencies(config, ["d"]).ToArray());
    }

    [Fact]
    public void A_cycle_is_found_from_the_first_script_on_it_and_a_tree_has_none()
    {
        ScriptSpec Spec(string name, params string[] needs) =>
            new(name, "./x", RestartPolicy.Never, 0, TimeSpan.Zero, null, null, MissedTickPolicy.Skip, "/", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, null, null, TurtleHarbor.Core.Native.Signal.Term, TimeSpan.FromSeconds(1))
            {
                DependsOn = [.. needs.Select(n => new Dependency(n, DependencyCondition.Started))],
            };

        Assert.Equal(["b", "c", "d", "b"], DependencyGraph.FindCycle([Spec("a", "b"), Spec("b", "c"), Spec("c", "d"), Spec("d", "b")])!.Value.ToArray());
        Assert.Null(DependencyGraph.FindCycle([Spec("a", "b", "c"), Spec("b", "c"), Spec("c")]));
    }
}
