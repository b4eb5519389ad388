using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Cli.Service;

/// <summary>
/// macOS: a LaunchAgent in ~/Library/LaunchAgents, driven through <c>launchctl</c> in the gui/&lt;uid&gt; domain.
/// A bootout returns before launchd has unloaded the job (the daemon may take seconds to stop its
/// scripts), and a bootstrap meanwhile fails with "5: Input/output error" or "36: Operation now in
/// progress". So, as Homebrew's <c>brew services stop</c> does, unloading polls <c>launchctl print</c>
/// until the job is gone, and a bootstrap refused with 5 or 36 is tried again; both bounded.
/// </summary>
internal sealed class LaunchdService(ServiceSetup setup, ICommandRunner runner, Func<TimeSpan, CancellationToken, Task>? delay = null) : IServiceManager
{
    private const string Launchctl = "launchctl";

    /// <summary>Between two looks at launchd while it unloads or refuses a bootstrap.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Looks before giving up: 240 × 250 ms = 60 s, for unloading and for bootstrapping alike.</summary>
    public const int MaxPolls = 240;

    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public string Description => $"launchd agent {LaunchAgentPlist.Label}";

    public string DefinitionPath => Path.Combine(setup.UserHome, "Library", "LaunchAgents", LaunchAgentPlist.Label + ".plist");

    private string Domain => $"gui/{setup.Uid}";

    private string Target => $"{Domain}/{LaunchAgentPlist.Label}";

    public bool ServesThisHome(string definition) => ServiceHome.Matches(definition, setup, LaunchAgentPlist.EnvironmentEntry);

    public string Render() => LaunchAgentPlist.Render(setup);

    /// <summary>launchd needs no session check beyond what bootstrap itself reports.</summary>
    public Task EnsureReachableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> IsLoadedAsync(CancellationToken cancellationToken) =>
        (await runner.RunAsync(Launchctl, ["print", Target], cancellationToken)).Succeeded;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // launchd will not create the directories of StandardOutPath/StandardErrorPath.
        Directory.CreateDirectory(setup.LogDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // An earlier 'launchctl disable' would make bootstrap fail; install means "I want it on".
        await RunAsync(["enable", Target], cancellationToken);
        string[] bootstrap = ["bootstrap", Domain, DefinitionPath];
        for (var poll = 1; ; poll++)
        {
            var result = await runner.RunAsync(Launchctl, bootstrap, cancellationToken);
            if (result.Succeeded)
            {
                return;
            }

            if (!StillUnloading(result) || poll >= MaxPolls)
            {
                throw Failed(bootstrap, result);
            }

            await _delay(PollInterval, cancellationToken);
        }
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await UnloadAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task UnloadAsync(CancellationToken cancellationToken)
    {
        if (!await IsLoadedAsync(cancellationToken))
        {
            return;
        }

        string[] bootout = ["bootout", Target];
        var result = await runner.RunAsync(Launchctl, bootout, cancellationToken);
        if (!result.Succeeded && !StillUnloading(result) && await IsLoadedAsync(cancellationToken))
        {
            throw Failed(bootout, result);
        }

        for (var poll = 1; await IsLoadedAsync(cancellationToken); poll++)
        {
            if (poll >= MaxPolls)
            {
                throw new ScriptOperationException(
                    $"launchd has not unloaded {LaunchAgentPlist.Label} within {(PollInterval * MaxPolls).TotalSeconds:0} s of 'launchctl bootout'",
                    $"the daemon may still be stopping scripts with a long stop_timeout; try again later, and see 'launchctl print {Target}'");
            }

            await _delay(PollInterval, cancellationToken);
        }
    }

    public Task ForgetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RestartAsync(CancellationToken cancellationToken) => RunAsync(["kickstart", "-k", Target], cancellationToken);

    /// <summary>
    /// launchctl exits with the errno launchd answered: EIO (5) or EINPROGRESS (36) while an old instance
    /// of the job is still being removed (Homebrew's Library/Homebrew/services/cli.rb stop loop: bootout
    /// again while the exit status is Errno::EINPROGRESS or the job is loaded, up to max_wait).
    /// </summary>
    private static bool StillUnloading(ExternalCommandResult result) =>
        result.ExitCode == ErrnoTable.MacOS.EIO || result.ExitCode == ErrnoTable.MacOS.EINPROGRESS;

    private async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Launchctl, arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw Failed(arguments, result);
        }
    }

    private ScriptOperationException Failed(string[] arguments, ExternalCommandResult result) => new(
        $"launchctl {string.Join(' ', arguments)} failed ({result.Describe()})",
        $"see 'launchctl print {Target}' and {LaunchAgentPlist.StderrPath(setup)}");
}
