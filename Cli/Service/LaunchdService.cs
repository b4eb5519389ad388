using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Cli.Service;

/// <summary>macOS: a LaunchAgent in ~/Library/LaunchAgents, driven through <c>launchctl</c> in the gui/&lt;uid&gt; domain.</summary>
internal sealed class LaunchdService(ServiceSetup setup, ICommandRunner runner) : IServiceManager
{
    private const string Launchctl = "launchctl";

    public string Description => $"launchd agent {LaunchAgentPlist.Label}";

    public string DefinitionPath => Path.Combine(setup.UserHome, "Library", "LaunchAgents", LaunchAgentPlist.Label + ".plist");

    private string Domain => $"gui/{setup.Uid}";

    private string Target => $"{Domain}/{LaunchAgentPlist.Label}";

    public bool ServesThisHome(string definition) => ServiceHome.Matches(definition, setup, LaunchAgentPlist.EnvironmentEntry);

    public string Render() => LaunchAgentPlist.Render(setup);

    public async Task<bool> IsLoadedAsync(CancellationToken cancellationToken) =>
        (await runner.RunAsync(Launchctl, ["print", Target], cancellationToken)).Succeeded;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // launchd will not create the directories of StandardOutPath/StandardErrorPath.
        Directory.CreateDirectory(setup.LogDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // An earlier 'launchctl disable' would make bootstrap fail; install means "I want it on".
        await RunAsync(["enable", Target], cancellationToken);
        await RunAsync(["bootstrap", Domain, DefinitionPath], cancellationToken);
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await UnloadAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task UnloadAsync(CancellationToken cancellationToken)
    {
        if (await IsLoadedAsync(cancellationToken))
        {
            await RunAsync(["bootout", Target], cancellationToken);
        }
    }

    public Task ForgetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RestartAsync(CancellationToken cancellationToken) => RunAsync(["kickstart", "-k", Target], cancellationToken);

    private async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Launchctl, arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ScriptOperationException(
                $"launchctl {string.Join(' ', arguments)} failed ({result.Describe()})",
                $"see 'launchctl print {Target}' and {LaunchAgentPlist.StderrPath(setup)}");
        }
    }
}
