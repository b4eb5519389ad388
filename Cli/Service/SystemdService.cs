using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Cli.Service;

/// <summary>Linux: a systemd user unit in $XDG_CONFIG_HOME/systemd/user, driven through <c>systemctl --user</c>.</summary>
internal sealed class SystemdService(ServiceSetup setup, ICommandRunner runner) : IServiceManager
{
    private const string Systemctl = "systemctl";

    public string Description => $"systemd user unit {SystemdUnit.Name}";

    public string DefinitionPath => Path.Combine(setup.ConfigHome, "systemd", "user", SystemdUnit.Name);

    public bool ServesThisHome(string definition) => ServiceHome.Matches(definition, setup, SystemdUnit.EnvironmentLine);

    public string Render() => SystemdUnit.Render(setup);

    /// <summary>
    /// <c>systemctl --user show-environment</c> answers only when this session reaches a systemd user
    /// instance; over ssh or in a container without one every <c>systemctl --user</c> fails with "Failed
    /// to connect to bus", so th says what would help instead of writing a unit nothing can load.
    /// </summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Systemctl, ["--user", "show-environment"], cancellationToken);
        if (!result.Succeeded)
        {
            throw new ScriptOperationException(
                $"no systemd user instance answers in this session (systemctl --user: {result.Describe()}); nothing was installed",
                "enable one with 'loginctl enable-linger $USER' and log in again, or run the daemon another way: "
                + "any 'th up' starts it, or run 'th daemon --foreground' under your own supervisor");
        }
    }

    public async Task<bool> IsLoadedAsync(CancellationToken cancellationToken) =>
        (await runner.RunAsync(Systemctl, ["--user", "is-enabled", "--quiet", SystemdUnit.Name], cancellationToken)).Succeeded
        && (await runner.RunAsync(Systemctl, ["--user", "is-active", "--quiet", SystemdUnit.Name], cancellationToken)).Succeeded;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await RunAsync(["daemon-reload"], cancellationToken);
        await RunAsync(["enable", "--now", SystemdUnit.Name], cancellationToken);
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await RunAsync(["daemon-reload"], cancellationToken);
        await RunAsync(["enable", SystemdUnit.Name], cancellationToken);
        await RunAsync(["restart", SystemdUnit.Name], cancellationToken);
    }

    public async Task UnloadAsync(CancellationToken cancellationToken)
    {
        // Quiet when the unit is unknown: uninstall after a half-done install must still clean up.
        await runner.RunAsync(Systemctl, ["--user", "disable", "--now", SystemdUnit.Name], cancellationToken);
    }

    public Task ForgetAsync(CancellationToken cancellationToken) => RunAsync(["daemon-reload"], cancellationToken);

    public Task RestartAsync(CancellationToken cancellationToken) => RunAsync(["restart", SystemdUnit.Name], cancellationToken);

    private async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string[] full = ["--user", .. arguments];
        var result = await runner.RunAsync(Systemctl, full, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ScriptOperationException(
                $"systemctl {string.Join(' ', full)} failed ({result.Describe()})",
                $"see 'systemctl --user status {SystemdUnit.Name}' and 'journalctl --user -u {SystemdUnit.Name}'");
        }
    }
}
