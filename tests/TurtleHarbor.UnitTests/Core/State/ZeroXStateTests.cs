using System.Text;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.State;

public sealed class ZeroXStateTests
{
    [Fact]
    public void Entries_with_a_config_path_become_desired_states_without_pids()
    {
        var parse = StateFileParser.Parse(Encoding.UTF8.GetBytes("""
            {"version": 3, "scripts": [
              {"name": "a", "pid": 4242, "status": "Running", "explicitly_stopped": false, "config_path": "/p/scripts.yml"},
              {"name": "b", "explicitly_stopped": true, "config_path": "/p/scripts.yml"},
              {"name": "c", "explicitly_stopped": false, "config_path": "relative.yml"}]}
            """));

        Assert.Equal(StateFileKind.Foreign, parse.Kind);
        Assert.Equal(
            [("a", DesiredState.Up), ("b", DesiredState.Down)],
            parse.Document.Scripts.Select(e => (e.Name, e.Desired)));
        Assert.All(parse.Document.Scripts, e => Assert.Null(e.Pid));
        Assert.Equal("0.x entry 3: no name or no absolute config_path", Assert.Single(parse.Skipped));
        Assert.Contains("imported 2 scripts", parse.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_0x_state_that_names_no_config_imports_nothing()
    {
        var parse = StateFileParser.Parse(Encoding.UTF8.GetBytes("""{"version": 3, "scripts": [{"name": "a", "explicitly_stopped": false}]}"""));

        Assert.Equal(StateFileKind.Foreign, parse.Kind);
        Assert.Empty(parse.Document.Scripts);
    }
}
