using TurtleHarbor.Cli.Service;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Tests.Cli.Service;

/// <summary>
/// launchd unloads a booted-out job only once its daemon has stopped, and refuses a bootstrap meanwhile
/// with 5 (EIO) or 36 (EINPROGRESS): th waits for the unload and retries the bootstrap, both bounded.
/// </summary>
public sealed class LaunchdUnloadTests
{
    [Fact(Timeout = 10_000)]
    public async Task A_reinstall_waits_until_launchctl_print_says_unloaded_then_retries_a_bootstrap_refused_with_36_and_5()
    {
        using var home = new ServiceTestHome();
        await ServiceCommands.InstallAsync(home.Context, home.Launchd(), print: false, CancellationToken.None);
        home.Environment["PATH"] = "/changed/bin:/usr/bin";
        var manager = home.Launchd();
        home.Runner.Clear();
        home.Runner.Answer("bootout", 36);   // "Boot-out failed: 36: Operation now in progress"
        home.Runner.Answer("print", 0, 0, 0, 0, 1); // loaded (install's and unload's look), still loaded twice, then gone
        home.Runner.Answer("bootstrap", 36, 5, 0);

        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);

        var target = "gui/501/dev.turtleharbor.daemon";
        var bootstrap = $"launchctl bootstrap gui/501 {manager.DefinitionPath}";
        Assert.Equal(
            [
                $"launchctl print {target}", // install: is it loaded?
                $"launchctl print {target}", // unload: is it loaded?
                $"launchctl bootout {target}",
                $"launchctl print {target}",
                $"launchctl print {target}",
                $"launchctl print {target}", // unloaded now
                $"launchctl enable {target}",
                bootstrap, bootstrap, bootstrap,
            ],
            home.Runner.Calls);
        Assert.Equal(Enumerable.Repeat(LaunchdService.PollInterval, 4), home.Delays); // two while unloading, two between bootstraps
        Assert.True(home.Runner.Loaded);
        Assert.Contains("updated", home.Output.ToString());
    }

    [Fact(Timeout = 10_000)]
    public async Task A_bootstrap_refused_for_another_reason_fails_at_once_with_launchctls_words()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();
        home.Runner.Answer("bootstrap", 1);

        var error = await Assert.ThrowsAsync<ScriptOperationException>(
            () => ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None));

        Assert.Contains("launchctl bootstrap gui/501", error.Message);
        Assert.Contains("bootstrap failed: 1", error.Message);
        Assert.Single(home.Runner.Calls, c => c.StartsWith("launchctl bootstrap", StringComparison.Ordinal));
        Assert.Empty(home.Delays);
        Assert.False(File.Exists(manager.DefinitionPath), "a refused first install leaves no agent behind");
    }

    [Fact(Timeout = 10_000)]
    public async Task Retrying_a_bootstrap_gives_up_after_its_bound()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();
        home.Runner.Answer("bootstrap", [.. Enumerable.Repeat(5, LaunchdService.MaxPolls)]);

        var error = await Assert.ThrowsAsync<ScriptOperationException>(
            () => ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None));

        Assert.Contains("5: Input/output error", error.Message);
        Assert.Equal(LaunchdService.MaxPolls, home.Runner.Calls.Count(c => c.StartsWith("launchctl bootstrap", StringComparison.Ordinal)));
        Assert.Equal(LaunchdService.MaxPolls - 1, home.Delays.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task Waiting_for_the_unload_gives_up_after_its_bound_and_says_why()
    {
        using var home = new ServiceTestHome();
        var manager = home.Launchd();
        await ServiceCommands.InstallAsync(home.Context, manager, print: false, CancellationToken.None);
        home.Runner.Answer("bootout", 36);
        home.Runner.Answer("print", [.. Enumerable.Repeat(0, LaunchdService.MaxPolls + 2)]);

        var error = await Assert.ThrowsAsync<ScriptOperationException>(() => manager.UnloadAsync(CancellationToken.None));

        Assert.Contains("has not unloaded dev.turtleharbor.daemon within 60 s", error.Message);
        Assert.Contains("stop_timeout", error.Hint);
        Assert.Equal(LaunchdService.MaxPolls - 1, home.Delays.Count);
    }
}
