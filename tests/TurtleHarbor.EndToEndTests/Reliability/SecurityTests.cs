using System.Diagnostics;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>Modes under a permissive umask, and secrets that must not leak into logs or JSON output.</summary>
public sealed class SecurityTests
{
    private const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact(Timeout = 120_000)]
    public async Task Under_umask_000_socket_state_history_and_logs_are_private()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: echo hello; exec sleep 1000\n");
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"umask 000; exec '{ThBinary.Path}' daemon");
        start.Environment["TURTLE_HARBOR_HOME"] = th.Home;
        using (var launcher = Process.Start(start)!)
        {
            await launcher.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, launcher.ExitCode);
        }

        await th.OkAsync("up");
        await th.WaitForLogAsync("a", "hello");
        await th.OkAsync("down");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(th.Home));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(th.Home, "daemon.sock")));
        foreach (var path in new[] { th.LogDir, Path.Combine(th.Home, "state.json"), th.LogOf("a"), Path.Combine(th.LogDir, "daemon.log") }
                     .Concat(Directory.GetFiles(th.Home, "history*")))
        {
            Assert.True((File.GetUnixFileMode(path) & Other) == 0, $"{path} is {File.GetUnixFileMode(path)}");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Env_file_secrets_never_reach_the_daemon_log_ps_or_history()
    {
        await using var th = new ThHome();
        var secret = $"hunter2-{Guid.NewGuid():N}";
        File.WriteAllText(Path.Combine(th.Project, ".env"), $"API_TOKEN={secret}\n");
        th.WriteConfig("scripts:\n  a:\n    command: test -n \"$API_TOKEN\" && echo has-token; exec sleep 1000\n    env_file: .env\n");

        await th.OkAsync("up");
        await th.WaitForLogAsync("a", "has-token");
        await th.OkAsync("restart", "a");
        var outputs = new[]
        {
            (await th.OkAsync("ps", "--json")).Stdout,
            (await th.OkAsync("history", "--json")).Stdout,
            (await th.OkAsync("daemon", "status", "--json")).Stdout,
            (await th.OkAsync("ps", "--all")).Stdout,
        };
        await th.OkAsync("down");

        Assert.All(outputs, o => Assert.DoesNotContain(secret, o));
        foreach (var file in Directory.GetFiles(th.Home, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sock", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_config_path_with_spaces_quotes_and_a_newline_is_quoted_in_messages()
    {
        await using var th = new ThHome();
        var odd = Path.Combine(th.Project, "it's a \"dir\"\nnext");
        Directory.CreateDirectory(odd);
        var config = Path.Combine(odd, "scripts.yml");
        File.WriteAllText(config, "scripts:\n  a:\n    command: [unclosed\n");

        var result = await th.RunAsync("validate", "-c", config);

        Assert.Equal(78, result.ExitCode);
        var message = result.Stderr + result.Stdout;
        Assert.DoesNotContain("\"dir\"\nnext", message);
        Assert.Contains("$'", message);
    }

    [LinuxRootFact(Timeout = 120_000)]
    public async Task A_client_running_as_another_user_is_refused_even_when_it_can_reach_the_socket()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");
        await th.OkAsync("daemon");
        var user = $"threl{Random.Shared.Next(10_000, 99_999)}";
        var socket = Path.Combine(th.Home, "daemon.sock");
        await RunAsync("useradd", "--no-create-home", "--shell", "/bin/sh", user);
        try
        {
            // Open the way on purpose, so that only the daemon's peer check stands between them.
            File.SetUnixFileMode(th.Root, (UnixFileMode)0b111_001_001);
            File.SetUnixFileMode(th.Home, (UnixFileMode)0b111_001_001);
            File.SetUnixFileMode(socket, (UnixFileMode)0b110_110_110);

            var other = await RunAsync("setpriv", "--reuid", user, "--regid", user, "--clear-groups", "--",
                "env", $"TURTLE_HARBOR_HOME={th.Home}", "TURTLE_HARBOR_NO_AUTOSTART=1", "DOTNET_CLI_HOME=/tmp", ThBinary.Path, "ps", "--all", "--json");

            Assert.True(other.ExitCode == 69, other.Output);
            var uid = (await RunAsync("id", "-u", user)).Output.Trim();
            await Eventually.TrueAsync(
                () => File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")).Contains($"refused a connection from uid {uid}", StringComparison.Ordinal),
                "the refusal in the daemon log");
            Assert.True(Processes.IsAlive(th.DaemonPid()!.Value));
            await th.OkAsync("ps");
        }
        finally
        {
            File.SetUnixFileMode(th.Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await RunAsync("userdel", user);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
