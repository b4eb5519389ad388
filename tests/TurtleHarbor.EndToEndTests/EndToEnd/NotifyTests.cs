using System.Globalization;
using System.Text.Json;

namespace TurtleHarbor.Tests.EndToEnd;

public sealed class NotifyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task A_webhook_gets_the_event_with_its_last_20_log_lines_and_a_second_failure_within_a_minute_is_held_back()
    {
        await using var receiver = new WebhookReceiver();
        await using var th = new ThHome();
        th.WriteConfig($$"""
            settings:
              notify:
                - on: [exited]
                  webhook: {{receiver.Url}}
            scripts:
              dies:
                command: for i in $(seq 1 25); do echo "line $i"; done; exit 3
              calm:
                command: exec sleep 120
            """);
        var before = DateTimeOffset.UtcNow;

        await th.OkAsync("up");
        await receiver.WaitForRequestsAsync(1, Wait);

        var (headers, body) = receiver.Requests[0];
        Assert.Equal("dies", body.GetProperty("script").GetString());
        Assert.Equal(th.ConfigPath, body.GetProperty("config").GetString());
        Assert.Equal("exited", body.GetProperty("event").GetString());
        Assert.Equal(3, body.GetProperty("exit_code").GetInt32());
        var time = DateTimeOffset.Parse(body.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(time, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var lines = body.GetProperty("log_lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(20, lines.Count);
        Assert.EndsWith("[th] exited: exit code 3", lines[^1]);
        Assert.EndsWith("[stdout] line 25", lines[^2]);
        Assert.EndsWith("[stdout] line 7", lines[0]);
        Assert.Equal("dies exited (exit code 3)", body.GetProperty("message").GetString());
        Assert.Equal("th: dies exited", headers["title"]);
        Assert.StartsWith("application/json", headers["content-type"]);

        // The same failure again within the minute: held back, and counted as such.
        await th.OkAsync("up", "dies");
        await Eventually.TrueAsync(
            async () => (await NotificationsAsync(th)).GetProperty("rate_limited").GetInt64() == 1,
            "the second exit held back by the rate limit",
            Wait);
        var counts = await NotificationsAsync(th);
        Assert.Equal(1, counts.GetProperty("sent").GetInt64());
        Assert.Equal(0, counts.GetProperty("failed").GetInt64());
        Assert.Single(receiver.Requests);
        Assert.Contains("notify   1 sent, 0 failed", (await th.OkAsync("daemon", "status")).Stdout);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task A_hook_command_gets_the_TH_variables_and_a_fake_notify_send_gets_title_and_text_and_nothing_is_left_unreaped()
    {
        await using var th = new ThHome();
        var bin = Directory.CreateDirectory(Path.Combine(th.Root, "bin")).FullName;
        var argvFile = Path.Combine(th.Root, "notify-send.argv");
        var envFile = Path.Combine(th.Root, "hook.env");
        var fake = Path.Combine(bin, "notify-send");
        File.WriteAllText(fake, $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{argvFile}.tmp' && mv '{argvFile}.tmp' '{argvFile}'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // The daemon th up starts inherits this PATH, and the desktop runner looks for notify-send in it.
        th.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        th.WriteConfig($$"""
            settings:
              notify:
                on: [failed]
                desktop: true
                command: env | grep -E '^TH_(SCRIPT|EVENT|EXIT_CODE|CONFIG|MESSAGE)=' | sort > '{{envFile}}.tmp' && mv '{{envFile}}.tmp' '{{envFile}}'
            scripts:
              loop:
                command: echo trying; exit 4
                restart_policy: on-failure
                max_restarts: 1
                restart_delay: 100ms
            """);

        await th.OkAsync("up");
        await Eventually.TrueAsync(() => File.Exists(envFile) && File.Exists(argvFile), "the hook's env file and notify-send's argv", Wait);

        Assert.Equal(
            [
                $"TH_CONFIG={th.ConfigPath}",
                "TH_EVENT=failed",
                "TH_EXIT_CODE=4",
                "TH_MESSAGE=loop failed: gave up restarting (exit code 4)",
                "TH_SCRIPT=loop",
            ],
            File.ReadAllLines(envFile));
        Assert.Equal(
            ["--app-name=turtle-harbor", "--", "th: loop failed", "loop failed: gave up restarting (exit code 4)"],
            File.ReadAllLines(argvFile));
        await Eventually.TrueAsync(
            async () => (await NotificationsAsync(th)).GetProperty("sent").GetInt64() == 2,
            "both targets counted as sent",
            Wait);
        var daemon = th.DaemonPid()!.Value;
        Assert.DoesNotContain(ProcFs.Pids(), pid => ProcFs.Stat(pid) is { ParentPid: var parent, State: 'Z' } && parent == daemon);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_webhook_that_never_answers_does_not_slow_supervision_or_the_daemon_stop()
    {
        await using var receiver = new WebhookReceiver(hang: true);
        await using var th = new ThHome();
        th.WriteConfig($$"""
            settings:
              notify:
                on: [exited, failed]
                webhook: {{receiver.Url}}
            scripts:
              dies:
                command: exit 1
              loop:
                command: sleep 0.2; exit 2
                restart_policy: on-failure
                max_restarts: 5
                restart_delay: 100ms
            """);

        await th.OkAsync("up", "dies");
        await receiver.WaitForRequestsAsync(1, Wait);
        // The receiver now holds that request open: for 10 s per attempt, four attempts.
        await th.OkAsync("up", "loop");
        await th.WaitForLogAsync("loop", "gave up after 5 restarts", Wait);

        // Restarts came at the policy's pace: 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s of backoff and six runs of 0.2 s, far
        // below one webhook attempt's 10 s timeout, which a loop waiting on the webhook could not have beaten.
        var log = File.ReadAllLines(th.LogOf("loop"));
        var first = Timestamp(log.First(l => l.Contains("[th] started pid", StringComparison.Ordinal)));
        var gaveUp = Timestamp(log.First(l => l.Contains("[th] gave up", StringComparison.Ordinal)));
        Assert.True(gaveUp - first < TimeSpan.FromSeconds(9), $"the restart loop took {gaveUp - first}:\n{string.Join('\n', log)}");
        Assert.Equal(5, (await th.PsRowAsync("loop")).Restarts);

        var started = DateTime.UtcNow;
        await th.OkAsync("daemon", "stop");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), $"daemon stop took {DateTime.UtcNow - started}");
    }

    private static DateTimeOffset Timestamp(string line) =>
        DateTimeOffset.Parse(line[..line.IndexOf(' ')], CultureInfo.InvariantCulture);

    private static async Task<JsonElement> NotificationsAsync(ThHome th)
    {
        var status = await th.OkAsync("daemon", "status", "--json");
        return JsonDocument.Parse(status.Stdout).RootElement.GetProperty("notifications").Clone();
    }
}
