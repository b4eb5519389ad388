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
