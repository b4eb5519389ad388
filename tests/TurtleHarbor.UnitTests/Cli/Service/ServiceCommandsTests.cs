using TurtleHarbor.Cli.Service;

namespace TurtleHarbor.Tests.Cli.Service;

public sealed class ServiceCommandsTests
{
    [Fact(Timeout = 10_000)]
    public async Task Install_with_print_shows_the_definition_and_touches_nothing()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();

        var exit = await ServiceCommands.InstallAsync(home.Context, manager, print: true, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(manager.Render(), home.Output.ToString());
        Assert.False(File.Exists(manager.DefinitionPath));
        Assert.Empty(home.Runner.Calls);
    }

    [Fact(Timeout = 10_000)]
    public async Task Launchd_install_writes_the_agent_and_bootstraps_it_in_the_users_gui_domain()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();

        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);

        Assert.Equal(Path.Combine(home.Root, "Library", "LaunchAgents", "dev.turtleharbor.daemon.plist"), manager.DefinitionPath);
        Assert.Equal(manager.Render(), File.ReadAllText(manager.DefinitionPath));
        Assert.Equal(
            ["launchctl print gui/501/dev.turtleharbor.daemon", "launchctl enable gui/501/dev.turtleharbor.daemon", $"launchctl bootstrap gui/501 {manager.DefinitionPath}"],
            home.Runner.Calls);
        Assert.True(Directory.Exists(home.Paths.LogDir), "launchd needs the directory of StandardOutPath");
    }

    [Fact(Timeout = 10_000)]
    public async Task Installing_again_changes_nothing()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();
        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(manager.DefinitionPath);
        home.Runner.Clear();

        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);

        Assert.Equal(["launchctl print gui/501/dev.turtleharbor.daemon"], home.Runner.Calls);
        Assert.Equal(written, File.GetLastWriteTimeUtc(manager.DefinitionPath));
        Assert.Contains("already installed", home.Output.ToString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Installing_from_a_shell_with_another_PATH_rewrites_the_agent_and_reloads_it()
    {
        using var home = new ServiceTestHome();
        await ServiceCommands.InstallAsync(home.Context, home.Launchd(), print: false, CancellationToken.None);
        home.Environment["PATH"] = "/new/bin:/usr/bin";
        var manager = home.Launchd();
        home.Runner.Clear();

        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);

        Assert.Contains("/new/bin:/usr/bin", File.ReadAllText(manager.DefinitionPath));
        Assert.Contains("launchctl bootout gui/501/dev.turtleharbor.daemon", home.Runner.Calls);
        Assert.Equal($"launchctl bootstrap gui/501 {manager.DefinitionPath}", home.Runner.Calls[^1]);
        Assert.True(home.Runner.Loaded);
    }

    [Fact(Timeout = 10_000)]
    public async Task Uninstall_boots_the_agent_out_and_removes_its_file_and_a_second_one_says_so()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();
        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);
        home.Runner.Clear();

        await ServiceCommands.UninstallAsync(home.Context, manager, CancellationToken.None);

        Assert.Contains("launchctl bootout gui/501/dev.turtleharbor.daemon", home.Runner.Calls);
        Assert.False(File.Exists(manager.DefinitionPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(manager.DefinitionPath)!));
        Assert.False(home.Runner.Loaded);

        var exit = await ServiceCommands.UninstallAsync(home.Context, manager, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("not installed", home.Output.ToString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Systemd_install_writes_the_user_unit_reloads_systemd_and_enables_it_now_once()
    {
        using var home = new ServiceTestHome();
        home.Environment["XDG_CONFIG_HOME"] = Path.Combine(home.Root, "cfg");
        var manager = home.Systemd();

        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);
        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);

        Assert.Equal(Path.Combine(home.Root, "cfg", "systemd", "user", "turtle-harbor.service"), manager.DefinitionPath);
        Assert.Equal(manager.Render(), File.ReadAllText(manager.DefinitionPath));
        Assert.Single(home.Runner.Calls, c => c == "systemctl --user daemon-reload");
        Assert.Single(home.Runner.Calls, c => c == "systemctl --user enable --now turtle-harbor.service");
        Assert.DoesNotContain(home.Runner.Calls, c => c.Contains("restart"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Systemd_uninstall_disables_the_unit_removes_it_and_reloads_systemd()
    {
        using var home = new ServiceTestHome();
        var manager = home.Systemd();
        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);
        home.Runner.Clear();

        await ServiceCommands.UninstallAsync(home.Context, manager, CancellationToken.None);

        Assert.Equal(["systemctl --user disable --now turtle-harbor.service", "systemctl --user daemon-reload"], home.Runner.Calls);
        Assert.False(File.Exists(manager.DefinitionPath));
    }

    [Fact(Timeout = 10_000)]
    public async Task Status_says_installed_loaded_and_that_no_daemon_answers()
    {
        using var home = new ServiceTestHome();
        var manager = home.Systemd();
        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);
        home.Output.GetStringBuilder().Clear();

        await ServiceCommands.StatusAsync(home.Context, manager, CancellationToken.None);

        var status = home.Output.ToString();
        Assert.Contains($"{manager.DefinitionPath} (installed)", status);
        Assert.Contains("loaded   yes", status);
        Assert.Contains("not answering", status);
    }

    [Fact]
    public void A_service_serves_this_home_only_when_it_was_installed_for_the_same_TURTLE_HARBOR_HOME()
    {
        using var home = new ServiceTestHome();
        var installed = home.Systemd().Render();

        Assert.True(home.Systemd().ServesThisHome(installed));
        home.Environment["TURTLE_HARBOR_HOME"] = Path.Combine(home.Root, "other");
        Assert.False(home.Systemd().ServesThisHome(installed));
        home.Environment.Remove("TURTLE_HARBOR_HOME");
        Assert.False(home.Systemd().ServesThisHome(installed));
        Assert.True(home.Launchd().ServesThisHome(home.Launchd().Render()));
    }
}
