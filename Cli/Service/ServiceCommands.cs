using TurtleHarbor.Cli.Commands;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Cli.Service;

/// <summary>th service install [--print] | uninstall | status: a per-user service that runs th daemon --foreground.</summary>
internal static class ServiceCommands
{
    /// <param name="replaceOld">Retire turtle-harbor 0.x's service first (<see cref="OldServiceRetirement"/>); without it a 0.x service stops the install.</param>
    /// <param name="runner">Runs launchctl or systemctl for the retirement.</param>
    /// <param name="old">The 0.x service found for this user, or null.</param>
    public static async Task<int> InstallAsync(
        ClientContext context, IServiceManager manager, bool print, CancellationToken cancellationToken,
        bool replaceOld = false, ICommandRunner? runner = null, OldService? old = null)
    {
        var definition = manager.Render();
        if (old is not null && !(replaceOld && !print))
        {
            context.Output.Flush();
            old.Explain(context.Error);
        }

        if (print)
        {
            context.Output.Write(definition);
            return 0;
        }

        if (old is not null && !replaceOld)
        {
            throw new ScriptOperationException(
                "turtle-harbor 0.x's service is still installed, and its turtled would keep th's daemon off the socket; nothing was installed",
                "run 'th service install --replace-old' to retire it first, or run the commands above");
        }

        await manager.EnsureReachableAsync(cancellationToken);
        if (old is not null)
        {
            await OldServiceRetirement.RetireAsync(old, runner ?? new ProcessCommandRunner(), context.Output, cancellationToken);
        }

        var path = manager.DefinitionPath;
        var previous = ReadOrNull(path);
        var unchanged = previous == definition;
        var loaded = await manager.IsLoadedAsync(cancellationToken);
        if (unchanged && loaded)
        {
            context.Output.WriteLine($"already installed: {path} ({manager.Description}, loaded)");
            return 0;
        }

        if (!unchanged)
        {
            Write(path, definition);
        }

        if (loaded)
        {
            await manager.ReloadAsync(cancellationToken);
            context.Output.WriteLine($"updated {path} and restarted {manager.Description}");
            return 0;
        }

        // A daemon started by hand or by autostart holds the home: the service's daemon would refuse to
        // start. Stopping it keeps every script's desired state, so the new daemon brings them back.
        if (await DaemonCommands.StopRunningAsync(context, cancellationToken) is { } pid)
        {
            context.Output.WriteLine($"stopped the running daemon (pid {pid}); the service's daemon takes over its scripts");
        }

        try
        {
            await manager.LoadAsync(cancellationToken);
        }
        catch (ThException) when (previous is null)
        {
            // A first install that the manager refused leaves no file behind to half-install later.
            Delete(path);
            throw;
        }

        context.Output.WriteLine($"installed {path} and loaded {manager.Description}");
        return 0;
    }

    public static async Task<int> UninstallAsync(ClientContext context, IServiceManager manager, CancellationToken cancellationToken)
    {
        var path = manager.DefinitionPath;
        await manager.UnloadAsync(cancellationToken);
        if (!File.Exists(path))
        {
            context.Output.WriteLine($"not installed: {path} does not exist");
            return 0;
        }

        Delete(path);
        await manager.ForgetAsync(cancellationToken);
        context.Output.WriteLine($"stopped {manager.Description} and removed {path}");
        context.Output.WriteLine("scripts that were up come back with the next daemon ('th up' starts one)");
        return 0;
    }

    public static async Task<int> StatusAsync(ClientContext context, IServiceManager manager, CancellationToken cancellationToken)
    {
        var path = manager.DefinitionPath;
        var written = ReadOrNull(path);
        var file = written is null ? "not installed"
            : written == manager.Render() ? "installed"
            : "installed, but differs from what 'th service install' writes now (run it to update)";
        var loaded = await manager.IsLoadedAsync(cancellationToken) ? "yes" : "no";
        var pong = await DaemonCommands.TryPingAsync(context, cancellationToken);
        var daemon = pong is null ? "not answering" : $"answering (pid {pong.Pid}, version {pong.Version})";

        context.Output.WriteLine($"service  {manager.Description}");
        context.Output.WriteLine($"file     {path} ({file})");
        context.Output.WriteLine($"loaded   {loaded}");
        context.Output.WriteLine($"daemon   {daemon} on {context.Paths.Socket}");
        return 0;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThIoException($"cannot read {path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}", inner: e);
        }
    }

    // Temporary file and rename: the manager never sees half a definition.
    private static void Write(string path, string text)
    {
        var temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThIoException($"cannot write {path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}", inner: e);
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThIoException($"cannot remove {path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}", inner: e);
        }
    }
}
