using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Tests.Core.Paths;

public sealed class ThPathsTests
{
    [Fact]
    public void TURTLE_HARBOR_HOME_puts_socket_state_and_logs_under_it()
    {
        var paths = ThPaths.Resolve(name => name switch
        {
            "TURTLE_HARBOR_HOME" => "/tmp/th-x",
            "HOME" => "/home/u",
            _ => null,
        });

        Assert.Equal("/tmp/th-x/daemon.sock", paths.Socket);
        Assert.Equal("/tmp/th-x/state.json", paths.StateFile);
        Assert.Equal("/tmp/th-x/logs", paths.LogDir);
    }

    [Fact]
    public void Platform_defaults_follow_CONTRACTS_section_5()
    {
        var paths = ThPaths.Resolve(name => name switch
        {
            "HOME" => "/home/u",
            "XDG_RUNTIME_DIR" => "/run/user/1000",
            _ => null,
        });

        if (OperatingSystem.IsMacOS())
        {
            Assert.Equal("/home/u/Library/Application Support/turtle-harbor/daemon.sock", paths.Socket);
            Assert.Equal("/home/u/Library/Logs/turtle-harbor", paths.LogDir);
        }
        else
        {
            Assert.Equal("/home/u/.local/state/turtle-harbor/state.json", paths.StateFile);
            Assert.Equal("/run/user/1000/turtle-harbor/daemon.sock", paths.Socket);
            Assert.Equal("/home/u/.local/state/turtle-harbor/logs", paths.LogDir);
        }
    }

    [Fact]
    public void A_socket_path_too_long_for_sun_path_is_refused_with_the_path_and_the_fix()
    {
        var paths = ThPaths.Resolve(name => name == "TURTLE_HARBOR_HOME" ? "/tmp/" + new string('d', 120) : null);

        var error = Assert.Throws<UsageException>(paths.EnsureSocketPathFits);

        Assert.Contains(paths.Socket, error.Message);
        Assert.Contains("TURTLE_HARBOR_HOME", error.Hint);
    }
}
