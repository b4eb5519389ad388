using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Cli.Service;

/// <summary>
/// Everything a service definition is made of, captured from the shell that runs <c>th service install</c>:
/// the stable path of th, the user, where logs go, and the variables the daemon must see as this shell does.
/// </summary>
internal sealed record ServiceSetup(
    string Executable,
    string UserHome,
    uint Uid,
    string LogDir,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string ConfigHome)
{
    /// <summary>
    /// PATH because launchd's default (/usr/bin:/bin:/usr/sbin:/sbin) lacks Homebrew and everything the
    /// scripts call; the others because they decide which home, socket and state the daemon uses, and
    /// TURTLE_HARBOR_HTTP because it turns on the daemon's HTTP endpoint.
    /// </summary>
    public static readonly string[] CarriedVariables = ["PATH", ServiceHome.Variable, "XDG_STATE_HOME", Daemon.Http.HttpBinding.EnvironmentVariable];

    public static ServiceSetup Capture(ThPaths paths, string executable, Func<string, string?> getEnv, uint uid)
    {
        var userHome = getEnv("HOME") is { Length: > 0 } home ? home : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var name in CarriedVariables)
        {
            if (getEnv(name) is { Length: > 0 } value)
            {
                // A relative TURTLE_HARBOR_HOME would resolve against the service's working directory.
                environment.Add(new(name, name is "PATH" or Daemon.Http.HttpBinding.EnvironmentVariable ? value : Path.GetFullPath(value)));
            }
        }

        var configHome = getEnv("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(userHome, ".config");
        return new ServiceSetup(StableExecutablePath.Resolve(Path.GetFullPath(executable)), userHome, uid, paths.LogDir, environment, configHome);
    }

    public static ServiceSetup FromProcess(ThPaths paths)
    {
        var self = System.Environment.ProcessPath ?? throw new Core.Errors.InternalException("cannot find th's own executable");
        return Capture(paths, self, System.Environment.GetEnvironmentVariable, Libc.geteuid());
    }
}
