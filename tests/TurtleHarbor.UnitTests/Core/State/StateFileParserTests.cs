using System.Text;
using TurtleHarbor.Core.State;

namespace TurtleHarbor.Tests.Core.State;

public sealed class StateFileParserTests : IDisposable
{
    /// <summary>The Rust turtle-harbor 0.x state: scripts by name only, no config paths.</summary>
    private const string RustState = """
        {"version": 3, "scripts": [
          {"name": "web", "command": "python3 -m http.server", "restart_policy": "always", "max_restarts": 5,
           "status": "Running", "last_started": "2025-01-01T10:00:00+01:00", "last_stopped": null,
           "exit_code": null, "explicitly_stopped": false, "cron": null},
          {"name": "job", "command": "./job.sh", "restart_policy": "never", "max_restarts": 0,
           "status": "Stopped", "last_started": null, "last_stopped": null,
           "exit_code": 0, "explicitly_stopped": true, "cron": "0 * * * *"}],
         "state_file": "/Users/x/Library/Application Support/turtle-harbor/state.json"}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("th-state-").FullName;

    private string StatePath => Path.Combine(_dir, "state.json");

    [Fact]
    public void The_rust_tools_state_is_foreign_and_described_by_what_was_found()
    {
        var parse = StateFileParser.Parse(Encoding.UTF8.GetBytes(RustState));

        Assert.Equal(StateFileKind.Foreign, parse.Kind);
        Assert.Equal("a JSON object with version 3 and 2 scripts entries without config paths", parse.Reason);
        Assert.Empty(parse.Document.Scripts);
    }

    [Theory]
    [InlineData("[]", "a JSON array, not an object")]
    [InlineData("{\"scripts\": []}", "a JSON object with no version and 0 scripts entries")]
    [InlineData("{\"version\": \"1\", \"scripts\": []}", "a JSON object with version \"1\" (string) and 0 scripts entries")]
    [InlineData("{\"version\": 1, \"scripts\": {}}", "a JSON object with version 1 and scripts as a JSON object")]
    public void Json_of_another_shape_is_foreign(string json, string reason)
    {
        var parse = StateFileParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(StateFileKind.Foreign, parse.Kind);
        Assert.Equal(reason, parse.Reason);
    }

    [Fact]
    public void Bytes_that_are_not_json_are_corrupt()
    {
        Assert.Equal(StateFileKind.Corrupt, StateFileParser.Parse("{\"version\": 1, \"scripts\": [ {\"name\": "u8).Kind);
    }

    [Fact]
    public void Bad_entries_are_skipped_one_by_one_and_the_good_ones_kept()
    {
        var json = """
            {"version": 1, "scripts": [
              {"config": "/p/scripts.yml", "name": "good", "desired": "up", "status": "running", "pid": 100, "pgid": 100, "restarts": 0},
              {"name": "no-config", "desired": "up", "status": "stopped", "restarts": 0},
              {"config": "relative.yml", "name": "rel", "desired": "up", "status": "stopped", "restarts": 0},
              {"config": "/p/scripts.yml", "name": "init", "desired": "up", "status": "running", "pid": 1, "pgid": 1, "restarts": 0},
              {"config": "/p/scripts.yml", "name": "odd", "desired": "sideways", "status": "stopped", "restarts": 0},
              42]}
            """;

        var parse = StateFileParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(StateFileKind.Ours, parse.Kind);
        Assert.Equal(["good"], parse.Document.Scripts.Select(s => s.Name));
        Assert.Equal(5, parse.Skipped.Length);
        Assert.StartsWith("entry 2: no config path", parse.Skipped[0]);
        Assert.StartsWith("entry 3: config path 'relative.yml' is not absolute", parse.Skipped[1]);
        Assert.StartsWith("entry 4: script 'init' has an impossible pid", parse.Skipped[2]);
        Assert.StartsWith("entry 5: ", parse.Skipped[3]);
        Assert.Equal("entry 6: a JSON number, not an object", parse.Skipped[4]);
    }

    [Fact]
    public void A_foreign_state_file_is_moved_aside_as_foreign_and_loading_starts_empty()
    {
        File.WriteAllText(StatePath, RustState);

        var loaded = new StateStore(StatePath, TimeProvider.System).Load();

        Assert.True(loaded.Foreign);
        Assert.Empty(loaded.Document.Scripts);
        Assert.StartsWith(StatePath + ".foreign-", loaded.MovedAsideTo);
        Assert.Equal(RustState, File.ReadAllText(loaded.MovedAsideTo!));
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public void Reading_for_a_client_moves_nothing()
    {
        File.WriteAllText(StatePath, RustState);

        var parse = new StateStore(StatePath, TimeProvider.System).Read();

        Assert.Equal(StateFileKind.Foreign, parse.Kind);
        Assert.Equal([StatePath], Directory.GetFiles(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
