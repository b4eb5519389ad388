using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Cli.Service;

/// <summary>The service manager of this OS: launchd on macOS, systemd (user instance) on Linux.</summary>
internal static class ServiceManagers
{
    public static IServiceManager ForHost(ThPaths paths) => For(ServiceSetup.FromProcess(paths), new ProcessCommandRunner());

    /// <summary>The manager of this OS, or null where th has no service support.</summary>
    public static IServiceManager? ForHostOrNull(ThPaths paths) =>
        OperatingSystem.IsMacOS() || OperatingSystem.IsLinux() ? ForHost(paths) : null;

    public static IServiceManager For(ServiceSetup setup, ICommandRunner runner) =>
        OperatingSystem.IsMacOS() ? new LaunchdService(setup, runner)
        : OperatingSystem.IsLinux() ? new SystemdService(setup, runner)
        : throw new UsageException("th service supports macOS (launchd) and Linux (systemd) only");
}
