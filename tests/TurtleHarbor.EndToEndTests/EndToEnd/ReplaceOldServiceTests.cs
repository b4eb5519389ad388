namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Issue 16 item 3: <c>th service install --replace-old</c> retires turtle-harbor 0.x's systemd unit (same name as th's:
/// turtle-harbor.service) before installing th's own. systemctl is a fake on PATH that records its argv.
/// </summary>
public sealed class ReplaceOldServiceTests
{
    private const string ZeroXUnit = "[Unit]\nDescription=Turtle Harbor Daemon\n\n[Service]\nExecStart=/usr/local/bin/turtled\nRestart=always\n\n[Install]\nWantedBy=default.target\n";

    [LinuxFact(Timeout = 60_000)]
    public async Task Replace_old_disables_and_removes_the_0x_unit_then_installs_ths_own_and_leaves_0x_logs()
    {
        await using var th = new ThHome();
        var (unit, calls) = Setup(th);
        var zeroXLog = Path.Combine(th.Root, "user", ".local", "share", "turtle-harbor", "logs", "web.log");
        Directory.CreateDirectory(Path.GetDirectoryName(zeroXLog)!);
        File.WriteAllText(zeroXLog, "0.x output\n");

        var result = await th.OkAsync("service", "install", "--replace-old");

        Assert.Equal(
            [
                "[--user][show-environment]",
                "[--user][disable][--now][turtle-harbor.service]",
                "[--user][daemon-reload]",
                "[--user][is-enabled][--quiet][turtle-harbor.service]",
                "[--user][daemon-reload]",
                "[--user][enable][--now][turtle-harbor.service]",
            ],
            File.ReadAllLines(calls));
        Assert.Contains("retired 0.x: systemctl --user disable --now turtle-harbor.service\n", result.Stdout);
        Assert.Contains($"retired 0.x: rm {unit}\n", result.Stdout);
        Assert.Contains($"installed {unit} and loaded systemd user unit turtle-harbor.service", result.Stdout);
        Assert.Contains(" daemon --foreground\n", File.ReadAllText(unit));
        Assert.DoesNotContain("turtled", File.ReadAllText(unit));
        Assert.Equal("0.x output\n", File.ReadAllText(zeroXLog));

        // Now the unit at that path is th's own: nothing left to retire.
        var again = await th.OkAsync("service", "install", "--print");
        Assert.DoesNotContain("0.x", again.Stderr);
    }

    [LinuxFact(Timeout = 60_000)]
    public async Task Without_replace_old_the_install_stops_before_touching_anything()
    {
        await using var th = new ThHome();
        var (unit, calls) = Setup(th);

        var result = await th.RunAsync("service", "install");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"th: turtle-harbor 0.x's service is installed ({unit})", result.Stderr);
        Assert.Contains("th: turtle-harbor 0.x's service is still installed", result.Stderr);
        Assert.Contains("hint: run 'th service install --replace-old'", result.Stderr);
        Assert.False(File.Exists(calls), "systemctl ran although nothing should have been done");
        Assert.Equal(ZeroXUnit, File.ReadAllText(unit));
    }

    /// <summary>A private HOME holding 0.x's unit, and a fake systemctl first on PATH that logs each call's argv.</summary>
    private static (string Unit, string Calls) Setup(ThHome th)
    {
        var userHome = Path.Combine(th.Root, "user");
        var unit = Path.Combine(userHome, ".config", "systemd", "user", "turtle-harbor.service");
        Directory.CreateDirectory(Path.GetDirectoryName(unit)!);
        File.WriteAllText(unit, ZeroXUnit);
        var bin = Path.Combine(th.Root, "bin");
        Directory.CreateDirectory(bin);
        var calls = Path.Combine(th.Root, "systemctl.calls");
        var fake = Path.Combine(bin, "systemctl");
        // Answers every call with success except is-enabled/is-active: after the retirement nothing is loaded.
        File.WriteAllText(fake, $"""
            #!/bin/sh
            for a in "$@"; do printf '[%s]' "$a"; done >> '{calls}'
            echo >> '{calls}'
            case "$2" in is-enabled|is-active) exit 1;; esac
            exit 0

            """);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        th.Environment["HOME"] = userHome;
        th.Environment["XDG_CONFIG_HOME"] = "";
        th.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        return (unit, calls);
    }
}
