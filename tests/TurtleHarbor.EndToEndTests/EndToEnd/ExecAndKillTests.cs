using System.Text.Json;
using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>What runs is what was named: simple commands are exec'd, th kill reaches the group or the main process, and a self-daemonizing command is pointed out.</summary>
public sealed partial class ExecAndKillTests
{
    /// <summary>Traps TERM, says so, and exits 0: a server with a clean shutdown.</summary>
    private const string CleanServer = """
        #!/bin/sh
        trap 'echo server got TERM; exit 0' TERM
        echo server ready
        sleep 300 &
        wait
        """;

    /// <summary>Logs every HUP and USR1 it gets, and so does the child it starts in its group.</summary>
    private const string SignalLogger = """
        #!/bin/sh
        sh -c 'trap "echo child got HUP" HUP; trap "echo child got USR1" USR1; echo child ready; while :; do sleep 300 & wait; done' &
        trap 'echo leader got HUP' HUP
        trap 'echo leader got USR1' USR1
        echo leader ready
        while :; do sleep 300 & wait; done
        """;

    [LinuxFact(Timeout = 120_000)]
    public async Task A_simple_commands_pid_is_the_program_itself_and_its_clean_stop_is_recorded_as_exit_code_0()
    {
        await using var th = new ThHome();
        WriteExecutable(th, "server.sh", CleanServer);
        th.WriteConfig("""
            scripts:
              server:
                command: ./server.sh --port 8080
              plain:
                command: sleep 300
            """);

        await th.OkAsync("up");
        await th.WaitForLogAsync("server", "[stdout] server ready");

        var rows = await th.WaitForPsAsync(r => r.All(x => x.Status == "running"), "both running");
        Assert.Equal("server.sh", Comm(rows.Single(r => r.Name == "server").Pid!.Value));
        Assert.Equal("sleep", Comm(rows.Single(r => r.Name == "plain").Pid!.Value));

        await th.OkAsync("down");

        await th.WaitForLogAsync("server", "[stdout] server got TERM");
        await th.WaitForLogAsync("server", "[th] exited: exit code 0");
        var history = JsonDocument.Parse((await th.OkAsync("history", "server", "--json")).Stdout).RootElement.EnumerateArray().Last();
        Assert.Equal(0, history.GetProperty("exit_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, history.GetProperty("signal").ValueKind);
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Kill_reaches_every_member_of_the_group_and_main_only_the_main_process()
    {
        await using var th = new ThHome();
        WriteExecutable(th, "signals.sh", SignalLogger);
        th.WriteConfig("""
            scripts:
              web:
                command: ./signals.sh
                stop_timeout: 2s
            """);
        await th.OkAsync("up");
        await th.WaitForLogAsync("web", "[stdout] leader ready");
        await th.WaitForLogAsync("web", "[stdout] child ready");
        var row = await th.PsRowAsync("web");
        Assert.True(Processes.GroupMembers(row.Pgid!.Value).Count >= 3, "leader, child and their sleeps");

        var main = await th.RunAsync("kill", "-s", "USR1", "--main", "web");

        Assert.True(main.ExitCode == 0, main.ToString());
        Assert.Contains($"signalled (pid {row.Pid}) - SIGUSR1 to pid {row.Pid}", main.Stdout);
        await th.WaitForLogAsync("web", "[stdout] leader got USR1");

        var group = await th.RunAsync("kill", "-s", "SIGHUP", "web");

        Assert.True(group.ExitCode == 0, group.ToString());
        Assert.Contains($"SIGHUP to process group {row.Pgid}", group.Stdout);
        await th.WaitForLogAsync("web", "[stdout] leader got HUP");
        await th.WaitForLogAsync("web", "[stdout] child got HUP");
        await th.WaitForLogAsync("web", "[th] SIGHUP to process group");
        Assert.DoesNotContain("child got USR1", File.ReadAllText(th.LogOf("web")));
        Assert.Equal(row.Pid, (await th.PsRowAsync("web")).Pid);
    }

    [Fact(Timeout = 120_000)]
    public async Task Kill_of_a_stopped_script_or_with_an_unknown_signal_fails_with_a_sentence()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              idle:
                command: sleep 300
            """);
        await th.OkAsync("up", "idle");
        await th.OkAsync("down", "idle");

        var stopped = await th.RunAsync("kill", "idle");
        var badSignal = await th.RunAsync("kill", "-s", "NOPE", "idle");
        var unknown = await th.RunAsync("kill", "ghost");

        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("th: idle: not running", stopped.Stderr);
        Assert.Equal(64, badSignal.ExitCode);
        Assert.Contains("th: unknown signal 'NOPE'", badSignal.Stderr);
        Assert.Equal(65, unknown.ExitCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_command_that_puts_itself_in_the_background_gets_a_hint()
    {
        await using var th = new ThHome();
        WriteExecutable(th, "daemonize.sh", "#!/bin/sh\nsleep 300 &\necho forked\nexit 0\n");
        th.WriteConfig("""
            scripts:
              redis:
                command: ./daemonize.sh --daemonize yes
            """);

        await th.OkAsync("up");
        await th.WaitForLogAsync("redis", "[th] exited: exit code 0");
        th.Track(StartedPid(th, "redis"));

        await th.WaitForLogAsync("redis", "it seems to have put itself in the background (daemonized); run it in the foreground instead");
        await th.OkAsync("down");
    }

    private static string Comm(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static int StartedPid(ThHome th, string name) =>
        int.Parse(StartedLine().Match(File.ReadAllText(th.LogOf(name))).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteExecutable(ThHome th, string name, string text)
    {
        var path = Path.Combine(th.Project, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [GeneratedRegex(@"\[th\] started pid (\d+)")]
    private static partial Regex StartedLine();
}
