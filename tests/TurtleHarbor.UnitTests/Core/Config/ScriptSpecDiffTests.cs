using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class ScriptSpecDiffTests
{
    private const string Before = """
        scripts:
          web:
            command: ./web --port 80
            env: { A: 1, B: 2 }
            restart_policy: always
        """;

    private static ScriptSpec Web(string yaml) => ConfigLoader.Parse(yaml, "/p/scripts.yml").Find("web")!;

    [Fact]
    public void Identical_specs_have_no_changes()
    {
        Assert.Empty(ScriptSpecDiff.ChangedFields(Web(Before), Web(Before)));
    }

    [Fact]
    public void Env_order_in_the_file_does_not_matter()
    {
        var reordered = Before.Replace("{ A: 1, B: 2 }", "{ B: 2, A: 1 }");

        Assert.Empty(ScriptSpecDiff.ChangedFields(Web(Before), Web(reordered)));
        Assert.Equal(Web(Before), Web(reordered));
    }

    [Fact]
    public void Changed_fields_are_named_by_their_yaml_keys_in_file_order()
    {
        var after = """
            scripts:
              web:
                command: ./web --port 81
                env: { A: 1, B: 3 }
                restart_policy: always
                stop_timeout: 10s
                context: /tmp
            """;

        Assert.Equal(
            ["command", "context", "env", "stop_timeout"],
            ScriptSpecDiff.ChangedFields(Web(Before), Web(after)).ToArray());
        Assert.NotEqual(Web(Before), Web(after));
    }

    [Fact]
    public void Every_field_is_compared()
    {
        var before = Web("scripts:\n  web:\n    command: x\n");
        var after = before with
        {
            RestartPolicy = RestartPolicy.Always,
            MaxRestarts = 1,
            RestartDelay = TimeSpan.FromSeconds(9),
            Cron = "@daily",
            Timezone = "UTC",
            Missed = MissedTickPolicy.Skip,
            EnvFile = "/p/.env",
            Venv = "/p/.venv",
            StopSignal = TurtleHarbor.Core.Native.Signal.Int,
        };

        Assert.Equal(
            ["restart_policy", "max_restarts", "restart_delay", "cron", "timezone", "missed", "env_file", "venv", "stop_signal"],
            ScriptSpecDiff.ChangedFields(before, after).ToArray());
    }
}
