using TurtleHarbor.Cli.Service;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Tests.Cli.Service;

/// <summary>
/// Over ssh or in a container there is often no systemd user instance, and every <c>systemctl --user</c>
/// fails with "Failed to connect to bus". Install must say what to do and leave nothing behind.
/// </summary>
public sealed class SystemdWithoutUserBusTests
{
    [Fact(Timeout = 10_000)]
    public async Task Install_without_a_user_bus_writes_no_unit_and_hints_at_linger_or_another_way()
    {
        using var home = new ServiceTestHome();
        home.Runner.NoUserBus = true;
        var manager = home.Systemd();

        var error = await Assert.ThrowsAsync<ScriptOperationException>(
            () => ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None));

        Assert.Contains("no systemd user instance answers", error.Message);
        Assert.Contains("Failed to connect to bus", error.Message);
        Assert.Contains("nothing was installed", error.Message);
        Assert.Contains("loginctl enable-linger $USER", error.Hint);
        Assert.Contains("th daemon --foreground", error.Hint);
        Assert.DoesNotContain("systemctl", error.Hint); // a hint that needs the missing bus would fail the same way
        Assert.False(File.Exists(manager.DefinitionPath));
        Assert.False(Directory.Exists(Path.GetDirectoryName(manager.DefinitionPath)));
        Assert.Equal(["systemctl --user show-environment"], home.Runner.Calls);
        Assert.Equal(1, (int)error.ExitCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_first_install_that_systemd_refuses_removes_the_unit_it_wrote()
    {
        using var home = new ServiceTestHome();
        var manager = home.Systemd();
        home.Runner.Answer("enable", 1);

        await Assert.ThrowsAsync<ScriptOperationException>(
            () => ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None));

        Assert.False(File.Exists(manager.DefinitionPath));
    }

    [Fact]
    public void The_unit_gives_the_daemon_the_largest_stop_timeout_and_a_margin_to_stop()
    {
        using var home = new ServiceTestHome();

        var unit = SystemdUnit.Render(home.Setup());

        Assert.Contains("\nTimeoutStopSec=3630\n", unit);
        Assert.Contains("\nRestart=on-failure\n", unit);
    }
}
