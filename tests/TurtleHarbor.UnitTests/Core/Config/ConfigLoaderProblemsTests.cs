namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class ConfigLoaderProblemsTests
{
    [Fact]
    public void An_unknown_key_names_the_allowed_keys_and_suggests_the_closest()
    {
        var problem = Problem("""
            scripts:
              web:
                command: echo hi
                restart_polcy: always
            """);

        Assert.StartsWith("4:5: unknown key 'restart_polcy' in script 'web'; did you mean 'restart_policy'? (allowed: command, restart_policy, max_restarts,", problem);
        Assert.Contains("stop_timeout, min_uptime", problem);
        Assert.Contains("healthcheck, on_unhealthy", problem);
        Assert.Contains("tty, tty_size", problem);
        Assert.Contains("depends_on", problem);
        Assert.Contains("max_memory", problem);
    }

    [Fact]
    public void An_unknown_key_in_settings_and_at_the_top_is_reported_too()
    {
        Assert.Equal(
            [
                "1:1: unknown key 'script' at the top level; did you mean 'scripts'? (allowed: settings, scripts)",
                "4:5: unknown key 'max_size' in settings.log (allowed: max_line_length, max_file_size, max_files)",
            ],
            Problems("""
                script: {}
                settings:
                  log:
                    max_size: 1MB
                """));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_at_the_value()
    {
        Assert.Equal(
            [
                "3:14: 'command' must be a single value, found a list",
                "4:19: 'max_restarts' must be a whole number, found 'five'",
            ],
            Problems("""
                scripts:
                  web:
                    command: [echo, hi]
                    max_restarts: five
                """));
    }

    [Fact]
    public void A_section_of_the_wrong_shape_is_reported_and_the_rest_is_still_checked()
    {
        Assert.Equal(
            [
                "1:11: 'settings' must be a mapping (key: value), found '5'",
                "3:8: script 'web' must be a mapping of settings (at least 'command: ...'), found 'echo hi'",
                "6:10: 'env' must be a mapping (key: value), found 'A=1'",
                "7:19: 'max_restarts' must not be negative, found -1",
            ],
            Problems("""
                settings: 5
                scripts:
                  web: echo hi
                  api:
                    command: ./api
                    env: A=1
                    max_restarts: -1
                """));
    }

    [Fact]
    public void A_script_without_command_is_reported_at_its_name()
    {
        Assert.Equal("2:3: script 'web' has no 'command'", Problem("""
            scripts:
              web:
                restart_policy: always
            """));
        Assert.Equal("2:3: script 'web' has no 'command'", Problem("""
            scripts:
              web:
            """));
    }

    [Fact]
    public void A_duplicate_script_name_is_reported_at_the_second_one()
    {
        Assert.Equal("4:3: duplicate script name 'web' in scripts (first defined on line 2)", Problem("""
            scripts:
              web:
                command: a
              web:
                command: b
            """));
    }

    [Fact]
    public void A_duplicate_key_inside_a_script_is_reported()
    {
        Assert.Equal("4:5: duplicate key 'command' in script 'web' (first defined on line 3)", Problem("""
            scripts:
              web:
                command: a
                command: b
            """));
    }

    [Fact]
    public void A_script_name_that_cannot_be_a_file_name_is_reported()
    {
        Assert.Equal(
            "2:3: script name 'my web' may only use letters, digits, '-', '_' and '.' (it names the log file)",
            Problem("""
                scripts:
                  my web: { command: x }
                """));
    }

    [Theory]
    [InlineData("-dash", "2:3: script name '-dash' must start with a letter or digit")]
    [InlineData("_under", "2:3: script name '_under' must start with a letter or digit")]
    [InlineData(".hidden", "2:3: script name '.hidden' must start with a letter or digit")]
    public void A_script_name_must_start_with_a_letter_or_digit(string name, string expected)
    {
        Assert.Equal(expected, Problem($$"""
            scripts:
              "{{name}}": { command: x }
            """));
    }

    [Theory]
    [InlineData("restart_delay: 5 sec", "3:20: 'restart_delay': bad duration '5 sec'; use a number with ms, s, m or h (250ms, 5s, 2m, 1h), or a bare number of seconds")]
    [InlineData("stop_timeout: -5s", "3:19: 'stop_timeout' must not be negative, found '-5s'")]
    [InlineData("restart_policy: on_failure", "3:21: 'restart_policy' must be one of never, on-failure, always, found 'on_failure'; did you mean 'on-failure'?")]
    [InlineData("restart_policy: sometimes", "3:21: 'restart_policy' must be one of never, on-failure, always, found 'sometimes'")]
    [InlineData("stop_signal: TERMINATE", "3:18: unknown stop_signal 'TERMINATE'; use one of TERM, INT, HUP, QUIT, KILL, USR1, USR2, ALRM, WINCH")]
    [InlineData("missed: later", "3:13: 'missed' must be one of run_once, skip, found 'later'")]
    [InlineData("max_restarts: -1", "3:19: 'max_restarts' must not be negative, found -1")]
    [InlineData("timezone: Mars/Olympus_Mons", "3:15: unknown time zone 'Mars/Olympus_Mons'; use an IANA name such as Europe/Berlin or UTC")]
    [InlineData("cron: '* * *'", "3:11: cron expression '* * *' has 3 field(s); use 5 (minute hour day month weekday), 6 with seconds first, or a macro such as @hourly or @daily")]
    [InlineData("cron: '61 * * * *'", "3:11: invalid cron expression '61 * * * *'")]
    [InlineData("cron: '@fortnightly'", "3:11: unknown cron macro '@fortnightly'; use @yearly, @monthly, @weekly, @daily, @hourly, @every_minute or @every_second")]
    [InlineData("env: { A: [1] }", "3:15: env value 'A' must be a string, number or bool, found a list")]
    public void A_bad_script_value_is_reported_at_its_position(string line, string expected)
    {
        Assert.Equal(expected, Problem($"""
            scripts:
              web:
                {line}
                command: x
            """));
    }

    [Fact]
    public void An_every_interval_is_refused_with_a_hint_that_it_is_not_cron()
    {
        var problem = Problem("""
            scripts:
              web:
                command: x
                cron: "@every 5m"
            """);

        Assert.StartsWith("4:11: '@every 5m' is not a cron expression (@every is a Go/systemd interval, not cron)", problem);
    }

    [Theory]
    [InlineData("max_file_size: 10TB", "3:20: 'max_file_size': bad size '10TB'; use a number with B, KB, MB or GB (1KB = 1024 B), e.g. 10MB, or a bare number of bytes")]
    [InlineData("max_file_size: 0", "3:20: 'max_file_size': bad size '0'; use a number with B, KB, MB or GB (1KB = 1024 B), e.g. 10MB, or a bare number of bytes")]
    [InlineData("max_files: 0", "3:16: 'max_files' must be at least 1, found 0")]
    [InlineData("max_line_length: {a: 1}", "3:22: 'max_line_length' must be a single value, found a mapping")]
    public void A_bad_log_setting_is_reported_at_its_position(string line, string expected)
    {
        Assert.Equal(expected, Problem($"""
            settings:
              log:
                {line}
            """));
    }

    [Fact]
    public void Bad_loki_settings_are_reported()
    {
        Assert.Equal(
            [
                "3:10: 'url' must be an http:// or https:// URL, found 'localhost:3100'",
                "4:14: 'enabled' must be true or false, found 'maybe'",
                "5:21: 'flush_interval': bad duration 'soon'; use a number with ms, s, m or h (250ms, 5s, 2m, 1h), or a bare number of seconds",
                "6:5: loki auth needs both 'username' and 'password'",
            ],
            Problems("""
                settings:
                  loki:
                    url: localhost:3100
                    enabled: maybe
                    flush_interval: soon
                    auth: { username: u }
                """));
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_with_its_position()
    {
        var problem = Problem("""
            scripts:
              web:
                command: "echo unterminated
            """);

        Assert.StartsWith("3:14: YAML syntax error: ", problem);
    }

    [Fact]
    public void A_bad_indentation_is_a_syntax_error_at_the_offending_line()
    {
        Assert.StartsWith("4:4: YAML syntax error: ", Problem("""
            scripts:
              web:
                command: x
               restart_policy: always
            """));
    }

    [Fact]
    public void Several_problems_are_reported_together_in_file_order()
    {
        var problems = Problems("""
            settings:
              log:
                max_file_size: huge
            scripts:
              web:
                comand: ./web
                restart_delay: 1x
              web:
                command: again
              cron-job:
                command: ./job
                cron: not cron
                timezone: Nowhere/City
            """);

        Assert.Equal(
            ["3:20", "5:3", "6:5", "7:20", "8:3", "12:11", "13:15"],
            problems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_is_reported()
    {
        Assert.Equal("1:1: the file must be a mapping (settings:, scripts:), found a list", Problem("- web\n- api\n"));
    }

    [Fact]
    public void A_top_level_key_is_still_checked_when_aliases_resolve()
    {
        Assert.Equal(
            ["1:1: unknown key 'x' at the top level (allowed: settings, scripts)"],
            Problems("""
                x: &cmd echo
                scripts:
                  web:
                    restart_policy: never
                    command: *cmd
                """));
    }

    [Fact]
    public void A_second_yaml_document_is_reported()
    {
        Assert.Equal(
            "4:1: only one YAML document is allowed (remove the second '---')",
            Problem("scripts:\n  web: { command: x }\n\n---\nscripts: {}\n"));
    }
}
