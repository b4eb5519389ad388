using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Paths;

/// <summary>
/// The one rule for where a script's log file is (CONTRACTS.md §5), shared by the daemon that writes
/// it and a client that reads it while no daemon runs.
/// </summary>
internal static class ScriptLogLocation
{
    /// <summary>Absolute path of <paramref name="name"/>'s current log file (rotated siblings add .1, .2, ...).</summary>
    public static string For(ThPaths paths, ProjectConfig config, string name) =>
        Path.Combine(config.Settings.LogDir ?? paths.LogDir, name + ".log");
}
