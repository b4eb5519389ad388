using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class NotifyConfigTests
{
    [Fact]
    public void A_list_of_entries_gives_one_rule_each_with_its_events_and_targets()
    {
        var config = ConfigLoader.Parse(
            """
            settings:
              notify:
                - on: [failed, cron_failed]
                  webhook: https://ntfy.sh/my-topic
                - on: [exited, memory, exited]
                  command: ./alert.sh "$TH_SCRIPT"
                - desktop: true
            scripts:
              web: { command: ./web }
            """,
            Path);

        var rules = config.Settings.Notify;
        Assert.Equal(3, rules.Length);
        Assert.Equal([NotifyEvent.Failed, NotifyEvent.CronFailed], rules[0].On.ToArray());
        Assert.Equal("https://ntfy.sh/my-topic", rules[0].Webhook);
        Assert.False(rules[0].Desktop);
        Assert.Null(rules[0].Command);
        Assert.Equal([NotifyEvent.Exited, NotifyEvent.Memory], rules[1].On.ToArray());
        Assert.Equal("./alert.sh \"$TH_SCRIPT\"", rules[1].Command);
        Assert.True(rules[2].Desktop);
        Assert.Equal(
            [NotifyEvent.Failed, NotifyEvent.Exited, NotifyEvent.CronFailed, NotifyEvent.Unhealthy, NotifyEvent.Memory],
            rules[2].On.ToArray());
    }

    [Fact]
    public void One_mapping_is_one_entry_and_may_name_several_targets()
    {
        var config = ConfigLoader.Parse(
            """
            settings:
              notify: { on: unhealthy, desktop: true, webhook: "http://127.0.0.1:9/hook" }
            """,
            Path);

        var rule = Assert.Single(config.Settings.Notify);
        Assert.Equal([NotifyEvent.Unhealthy], rule.On.ToArray());
        Assert.True(rule.Desktop);
        Assert.Equal("http://127.0.0.1:9/hook", rule.Webhook);
    }

    [Fact]
    public void Without_notify_there_are_no_rules()
    {
        Assert.Empty(ConfigLoader.Parse("scripts:\n  a: { command: x }\n", Path).Settings.Notify);
    }

    [Fact]
    public void Every_problem_is_reported_at_its_position()
    {
        Assert.Equal(
            [
                "3:20: 'on' must be one of failed, exited, cron_failed, unhealthy, memory, found 'crashed'",
                "4:16: 'webhook' must be an http:// or https:// URL, found 'ftp://x'",
                "5:7: unknown key 'email' in settings.notify (allowed: on, desktop, webhook, command)",
                "6:7: a 'notify' entry needs a target: 'desktop: true', 'webhook: URL' or 'command: ...'",
                "7:7: each 'notify' entry must be a mapping such as { on: [failed], webhook: URL }, found 'desktop'",
                "8:16: 'desktop' must be true or false, found 'yes please'",
                "9:11: 'on' must be one of failed, exited, cron_failed, unhealthy, memory, found 'cron-failed'; did you mean 'cron_failed'?",
                "10:11: 'on' is empty; list at least one of failed, exited, cron_failed, unhealthy, memory, or leave it out for all",
            ],
            Problems("""
                settings:
                  notify:
                    - on: [failed, crashed]
                      webhook: ftp://x
                      email: me@example.com
                    - on: [failed]
                    - desktop
                    - desktop: yes please
                      on: cron-failed
                    - on: []
                      command: echo
                """));
    }

    [Fact]
    public void A_notify_that_is_a_word_is_refused_with_the_shapes_it_may_take()
    {
        Assert.Equal(
            "2:11: 'notify' must be a mapping such as { on: [failed], webhook: URL } or a list of them, found 'true'",
            Problem("""
                settings:
                  notify: true
                """));
    }

    [Fact]
    public void An_empty_command_is_refused()
    {
        Assert.Equal(
            "2:36: 'command' must be a shell command (not empty, no NUL character)",
            Problem("""
                settings:
                  notify: { on: [failed], command: "  " }
                """));
    }
}
