using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 16 item 3: a client that meets turtle-harbor 0.x's turtled on the socket says so by name and pid.</summary>
public sealed class OldDaemonOnSocketTests
{
    /// <summary>
    /// Listens on the path, accepts, and hangs up on the first bytes of a frame, as a daemon of another protocol does.
    /// Run as an executable script with the interpreter's absolute path in its #! line (not env, which would exec
    /// python3 again): Linux then names the process (comm) after the script's file.
    /// </summary>
    private const string Listener = """
        import socket, sys
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(sys.argv[1])
        server.listen(16)
        print("listening", flush=True)
        while True:
            client, _ = server.accept()
            client.recv(4)
            client.close()
        """;

    [LinuxFact(Timeout = 60_000)]
    public async Task A_turtled_on_the_socket_is_named_with_its_pid_and_how_to_stop_it()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");
        using var turtled = StartListener(th, "turtled");
        try
        {
            var ps = await th.RunAsync("ps");
            var start = await th.RunAsync("daemon");

            var socket = Path.Combine(th.Home, "daemon.sock");
            foreach (var result in new[] { ps, start })
            {
                Assert.Equal(69, result.ExitCode);
                Assert.Contains($"th: turtle-harbor 0.x's daemon turtled (pid {turtled.Id}) holds {socket}", result.Stderr);
                Assert.Contains($"hint: stop it with: systemctl --user disable --now turtle-harbor.service (or kill {turtled.Id})", result.Stderr);
            }

            Assert.Null(th.DaemonPid());
        }
        finally
        {
            turtled.Kill();
            await turtled.WaitForExitAsync();
        }
    }

    [LinuxFact(Timeout = 60_000)]
    public async Task Another_program_on_the_socket_is_named_as_not_a_th_daemon()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");
        using var other = StartListener(th, "sockhog");
        try
        {
            var status = await th.RunAsync("up");

            Assert.Equal(69, status.ExitCode);
            Assert.Contains($"th: sockhog (pid {other.Id}), which is not a th daemon, holds {Path.Combine(th.Home, "daemon.sock")}", status.Stderr);
            Assert.Contains($"hint: stop it (kill {other.Id})", status.Stderr);
            Assert.DoesNotContain("turtle-harbor 0.x", status.Stderr);
        }
        finally
        {
            other.Kill();
            await other.WaitForExitAsync();
        }
    }

    private static Process StartListener(ThHome th, string programName)
    {
        Directory.CreateDirectory(th.Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = Path.Combine(th.Root, programName);
        // The interpreter itself, not a wrapper such as a pyenv shim (a script, which would exec python3 again).
        using var which = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true })!;
        var python = which.StandardOutput.ReadToEnd().Trim();
        which.WaitForExit();
        File.WriteAllText(script, $"#!{python}\n" + Listener.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var process = Process.Start(new ProcessStartInfo(script, [Path.Combine(th.Home, "daemon.sock")]) { RedirectStandardOutput = true })!;
        Assert.Equal("listening", process.StandardOutput.ReadLine());
        return process;
    }
}
