using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

/// <summary>depends_on as written: compose's two forms, and the problems that need the whole file (names, cycles).</summary>
public sealed class DependsOnConfigTests
{
    [Fact]
    public void The_list_form_means_started_and_the_map_form_takes_compose_words_with_or_without_the_service_prefix()
    {
        var config = ConfigLoader.Parse("""
            scripts:
              db:
                command: sleep 60
                healthcheck: { tcp: "127.0.0.1:5432" }
              migrate:
                command: ./migrate
                depends_on: [db]
              api:
                command: ./api
                depends_on:
                  db: { condition: service_healthy }
                  migrate:
                    condition: completed_successfully
                    required: true
                    restart: false
              worker:
                command: ./worker
                depends_on:
                  api: { condition: started }
                  db:
            """, Path);

        Assert.Equal([new Dependency("db", DependencyCondition.Started)], config.Find("migrate")!.DependsOn.ToArray());
        Assert.Equal(
            [new Dependency("db", DependencyCondition.Healthy), new Dependency("migrate", DependencyCondition.CompletedSuccessfully)],
            config.Find("api")!.DependsOn.ToArray());
        Assert.Equal(
            [new Dependency("api", DependencyCondition.Started), new Dependency("db", DependencyCondition.Started)],
            config.Find("worker")!.DependsOn.ToArray());
        Assert.Empty(config.Find("db")!.DependsOn);
    }

    [Fact]
    public void An_unknown_name_is_reported_at_the_entry_with_the_near_miss_or_the_names_of_the_file()
    {
        Assert.Equal(
            [
                "5:18: script 'api' depends on 'DB', which is not a script of this file (depends_on names scripts of the same config file; did you mean 'db'?)",
                "9:7: script 'worker' depends on 'queue', which is not a script of this file (depends_on names scripts of the same config file; scripts in this file: api, db, worker)",
            ],
            Problems("""
                scripts:
                  db:
                    command: sleep 60
                  api:
                    depends_on: [DB]
                    command: ./api
                  worker:
                    depends_on:
                      queue: { condition: started }
                    command: ./worker
                """));
    }

    [Fact]
    public void A_cycle_is_reported_once_naming_every_script_on_it()
    {
        Assert.Equal(
            ["4:18: depends_on forms a cycle: a -> b -> c -> a"],
            Problems("""
                scripts:
                  a:
                    command: ./a
                    depends_on: [b]
                  b:
                    command: ./b
                    depends_on: [c]
                  c:
                    command: ./c
                    depends_on: [a]
                  d:
                    command: ./d
                    depends_on: [a]
                """));
    }

    [Fact]
    public void A_script_that_depends_on_itself_is_reported_as_such()
    {
        Assert.Contains("4:18: script 'a' depends on itself", Problems("""
            scripts:
              a:
                command: ./a
                depends_on: [a]
            """));
    }

    [Fact]
    public void Wrong_shapes_unknown_conditions_and_the_compose_options_th_does_not_implement_are_reported_at_their_values()
    {
        Assert.Equal(
            [
                "6:17: 'depends_on' of script 'b' must be a list of script names or a mapping of names to { condition: ... }, found 'a'",
                "10:23: 'condition' must be one of started, healthy, completed_successfully, service_started, service_healthy, service_completed_successfully, found 'service_ready'",
                "13:34: 'required: false' is not supported: every depends_on entry of script 'd' must be a script of this file; remove 'a' from depends_on instead",
                "16:33: 'restart: true' is not supported: th does not restart a script when 'a' restarts (compose's default, restart: false)",
                "19:24: unknown key 'wait' in depends_on entry 'a' (allowed: condition, required, restart)",
                "22:21: script 'g' lists 'a' twice in depends_on",
            ],
            Problems("""
                scripts:
                  a:
                    command: ./a
                  b:
                    command: ./b
                    depends_on: a
                  c:
                    command: ./c
                    depends_on:
                      a: { condition: service_ready }
                  d:
                    command: ./d
                    depends_on: { a: { required: false } }
                  e:
                    command: ./e
                    depends_on: { a: { restart: true } }
                  f:
                    command: ./f
                    depends_on: { a: { wait: 1 } }
                  g:
                    command: ./g
                    depends_on: [a, a]
                """));
    }

    [Fact]
    public void A_changed_depends_on_is_a_changed_field_for_reload()
    {
        var before = ConfigLoader.Parse("scripts:\n  a: { command: ./a }\n  b: { command: ./b }\n", Path).Find("b")!;
        var after = ConfigLoader.Parse("scripts:\n  a: { command: ./a }\n  b: { command: ./b, depends_on: [a] }\n", Path).Find("b")!;

        Assert.Equal(["depends_on"], ScriptSpecDiff.ChangedFields(before, after).ToArray());
        Assert.Empty(ScriptSpecDiff.ChangedFields(after, ConfigLoader.Parse("scripts:\n  a: { command: ./a }\n  b: { command: ./b, depends_on: { a: { condition: started } } }\n", Path).Find("b")!));
    }
}
