namespace TurtleHarbor.Cli.Service;

/// <summary>One per-user service manager (launchd, systemd) and the one definition th keeps in it.</summary>
internal interface IServiceManager
{
    /// <summary>For people: "launchd agent dev.turtleharbor.daemon".</summary>
    string Description { get; }

    /// <summary>Where the definition file lives.</summary>
    string DefinitionPath { get; }

    /// <summary>The definition's text, exactly as install writes it.</summary>
    string Render();

    /// <summary>Whether an installed definition runs the daemon of the home this client uses (TURTLE_HARBOR_HOME alike).</summary>
    bool ServesThisHome(string definition);

    /// <summary>
    /// Throws a <see cref="Core.Errors.ThException"/> with a hint when the manager cannot be reached from
    /// this session (Linux without a systemd user instance), before install writes anything.
    /// </summary>
    Task EnsureReachableAsync(CancellationToken cancellationToken);

    /// <summary>Whether the manager has the service loaded (and, for systemd, enabled and active).</summary>
    Task<bool> IsLoadedAsync(CancellationToken cancellationToken);

    /// <summary>Loads a written definition that is not loaded yet, which starts the daemon.</summary>
    Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Makes a loaded service pick up its rewritten definition (the daemon restarts).</summary>
    Task ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Stops and unloads the service; quiet when it was not loaded.</summary>
    Task UnloadAsync(CancellationToken cancellationToken);

    /// <summary>Tells the manager the definition file is gone.</summary>
    Task ForgetAsync(CancellationToken cancellationToken);

    /// <summary>Restarts the daemon under the manager (th daemon restart).</summary>
    Task RestartAsync(CancellationToken cancellationToken);
}
