using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void A_minimal_script_gets_every_default()
    {
        var config = ConfigLoader.Parse("scripts:\n  web:\n    command: ./web\n", Path);

        Assert.Equal(Path, config.ConfigPath);
        Assert.Equal("/project", config.ProjectDirectory);
        Assert.Equal(ConfigSettings.Default, config.Settings);
        Assert.Equal(new LogSettings(8192, 10 * 1024 * 1024, 5), config.Settings.Log);
        var web = Assert.Single(config.Scripts);
        Assert.Equal(
            new ScriptSpec(
                "web", "./web", RestartPolicy.Never, 5, TimeSpan.FromSeconds(1), null, null, MissedTickPolicy.RunOnce,
                "/project", ImmutableSortedDictionary<string, string>.Empty, null, null, Signal.Term, TimeSpan.FromSeconds(5)),
            web);
        Assert.Same(web, config.Find("web"));
        Assert.Null(config.Find("nope"));
    }

    [Fact]
    public void An_empty_file_is_a_config_without_scripts()
    {
        Assert.Empty(ConfigLoader.Parse("", Path).Scripts);
        Assert.Empty(ConfigLoader.Parse("# nothing yet\n", Path).Scripts);
    }

    [Fact]
    public void Every_field_is_read()
    {
        var config = ConfigLoader.Parse("""
            settings:
              log_dir: /var/log/app
              log: { max_line_length: 100, max_file_size: 2KB, max_files: 2 }
              loki:
                url: http://localhost:3100
                tenant_id: team-a
                labels: { env: dev, port: 80 }
                batch_size: 10
                flush_interval_secs: 7
                auth: { username: u, password: p }
            scripts:
              job:
                command: ./job.sh --fast
                restart_policy: on-failure
                max_restarts: 0
                restart_delay: 250ms
                cron: "0 */5 * * * *"
                timezone: Europe/Berlin
                missed: skip
                context: /tmp
                env: { LEVEL: info, COUNT: 3, DEBUG: true, EMPTY: "", NOTHING: }
                stop_signal: SIGINT
                stop_timeout: 0.5
            """, Path);

        Assert.Equal("/var/log/app", config.Settings.LogDir);
        Assert.Equal(new LogSettings(100, 2048, 2), config.Settings.Log);
        var loki = config.Settings.Loki!;
        Assert.True(loki.Enabled);
        Assert.Equal("http://localhost:3100", loki.Url);
        Assert.Equal("team-a", loki.TenantId);
        Assert.Equal(["env=dev", "port=80"], loki.Labels.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(10, loki.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(7), loki.FlushInterval);
        Assert.Equal(new LokiAuth("u", "p"), loki.Auth);

        var job = Assert.Single(config.Scripts);
        Assert.Equal("./job.sh --fast", job.Command);
        Assert.Equal(RestartPolicy.OnFailure, job.RestartPolicy);
        Assert.Equal(0, job.MaxRestarts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), job.RestartDelay);
        Assert.Equal("0 */5 * * * *", job.Cron);
        Assert.Equal("Europe/Berlin", job.Timezone);
        Assert.Equal(MissedTickPolicy.Skip, job.Missed);
        Assert.Equal("/tmp", job.WorkingDirectory);
        Assert.Equal(["COUNT=3", "DEBUG=true", "EMPTY=", "LEVEL=info", "NOTHING="], job.Env.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(Signal.Int, job.StopSignal);
        Assert.Equal(TimeSpan.FromMilliseconds(500), job.StopTimeout);
    }

    [Fact]
    public void A_loki_section_is_on_with_defaults_and_can_be_turned_off()
    {
        var on = ConfigLoader.Parse("settings:\n  loki:\n    url: https://loki.example\n", Path).Settings.Loki!;
        Assert.Equal((true, 100, TimeSpan.FromSeconds(5), 0), (on.Enabled, on.BatchSize, on.FlushInterval, on.Labels.Count));
        Assert.Null(on.Auth);

        var off = ConfigLoader.Parse("settings:\n  loki:\n    enabled: false\n", Path).Settings.Loki!;
        Assert.False(off.Enabled);
        Assert.Equal("", off.Url);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_config_directory()
    {
        var root = TempDirectory();
        try
        {
            Directory.CreateDirectory(System.IO.Path.Combine(root, "proj/services/api"));
            Directory.CreateDirectory(System.IO.Path.Combine(root, "proj/.venv/bin"));
            Directory.CreateDirectory(System.IO.Path.Combine(root, "shared"));
            File.WriteAllText(System.IO.Path.Combine(root, "shared/.env"), "A=1\n");
            var config = ConfigLoader.Parse("""
                settings:
                  log_dir: logs
                scripts:
                  api:
                    command: ./api
                    context: ./services/api/
                    env_file: ../shared/.env
                    venv: .venv
                """, $"{root}/proj/scripts.yml");

            Assert.Equal($"{root}/proj/logs", config.Settings.LogDir);
            var api = config.Scripts[0];
            Assert.Equal($"{root}/proj/services/api", api.WorkingDirectory);
            Assert.Equal($"{root}/shared/.env", api.EnvFile);
            Assert.Equal($"{root}/proj/.venv", api.Venv);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Scripts_keep_the_order_of_the_file()
    {
        var config = ConfigLoader.Parse("scripts:\n  zeta: { command: z }\n  alpha: { command: a }\n  mid: { command: m }\n", Path);

        Assert.Equal(["zeta", "alpha", "mid"], config.Scripts.Select(s => s.Name));
    }

    [Fact]
    public void Two_loads_of_the_same_text_are_equal_field_by_field()
    {
        const string yaml = "scripts:\n  web:\n    command: x\n    env: { B: 2, A: 1 }\n";

        var first = ConfigLoader.Parse(yaml, Path).Scripts[0];
        var second = ConfigLoader.Parse(yaml, Path).Scripts[0];

        Assert.Equal(first, second);
        Assert.Empty(ScriptSpecDiff.ChangedFields(first, second));
    }

    [Fact]
    public void Load_reads_the_file_and_reports_a_missing_one_as_not_found()
    {
        var dir = TempDirectory();
        try
        {
            var path = System.IO.Path.Combine(dir, "scripts.yml");
            Assert.Throws<ConfigNotFoundException>(() => ConfigLoader.Load(path));
            Assert.Throws<ConfigNotFoundException>(() => ConfigLoader.Validate(path));

            Directory.CreateDirectory(System.IO.Path.Combine(dir, "sub"));
            File.WriteAllText(path, "scripts:\n  web:\n    command: ./web\n    context: sub\n");
            var config = ConfigLoader.Load(path);
            Assert.Equal(dir, config.ProjectDirectory);
            Assert.Equal(System.IO.Path.Combine(dir, "sub"), config.Scripts[0].WorkingDirectory);
            Assert.Empty(ConfigLoader.Validate(path));

            File.WriteAllText(path, "scripts:\n  web:\n    commnd: ./web\n");
            var problems = ConfigLoader.Validate(path);
            Assert.Equal(2, problems.Length);
            Assert.StartsWith($"{path}:2:3: script 'web' has no 'command'", problems[0].ToString());
            var error = Assert.Throws<ConfigInvalidException>(() => ConfigLoader.Load(path));
            Assert.Equal(problems.ToArray(), error.Problems.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_directory_is_not_a_readable_config()
    {
        var dir = TempDirectory();
        try
        {
            Assert.Throws<ThIoException>(() => ConfigLoader.Load(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_example_config_loads()
    {
        var path = RepositoryFile("examples/scripts.yml");

        var config = ConfigLoader.Load(path);

        Assert.Equal(["web", "flaky", "tick"], config.Scripts.Select(s => s.Name));
        var web = config.Find("web")!;
        Assert.Equal(RestartPolicy.Always, web.RestartPolicy);
        Assert.Equal("8080", web.Env["PORT"]);
        Assert.StartsWith("while true; do echo", web.Command);
        Assert.Equal(RestartPolicy.OnFailure, config.Find("flaky")!.RestartPolicy);
        Assert.Equal(3, config.Find("flaky")!.MaxRestarts);
        Assert.Equal("* * * * *", config.Find("tick")!.Cron);
        Assert.Equal(1024 * 1024, config.Settings.Log.MaxFileSize);
        Assert.All(config.Scripts, s => Assert.Equal(System.IO.Path.GetDirectoryName(path), s.WorkingDirectory));
    }
}
