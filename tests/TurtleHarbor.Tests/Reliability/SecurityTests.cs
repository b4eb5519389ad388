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
}
