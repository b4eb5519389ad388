using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Native;
using static TurtleHarbor.Tests.Core.Config.ConfigTestFiles;

namespace TurtleHarbor.Tests.Core.Config;

/// <summary>The keys and limits that keep one log file per script: names, settings.project, tty.</summary>
public sealed class ConfigLogKeysTests
{
    [Fact]
    public void A_name_of_129_bytes_is_refused_at_its_position_and_128_pass()
    {
        var ok = new string('a', 128);
        Assert.Equal(ok, ConfigLoader.Parse($"scripts:\n  {ok}:\n    command: x\n", ConfigTestFiles.Path).Scripts[0].Name);

        var problem = Problem($"scripts:\n  web:\n    command: x\n  {new string('b', 129)}:\n    command: x\n");
        Assert.StartsWith("4:3: script name 'bbbb", problem);
        Assert.Contains("is 129 bytes long; at most 128", problem);
    }

    [Fact]
    public void Two_names_that_differ_only_by_case_are_refused()
    {
        Assert.Equal(
            "4:3: script names 'web' and 'Web' differ only by case; they would share a log file on macOS",
            Problem("scripts:\n  web:\n    command: x\n  Web:\n    command: y\n"));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("my-app_2")]
    [InlineData("2fast")]
    public void A_compose_style_project_name_is_taken(string name)
    {
        Assert.Equal(name, ConfigLoader.Parse($"settings:\n  project: {name}\nscripts: {{}}\n", ConfigTestFiles.Path).Settings.Project);
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("-dash")]
    [InlineData("a/b")]
    [InlineData("'..'")]
    public void Any_other_project_name_is_refused(string name)
    {
        Assert.StartsWith("2:12: project name", Problem($"settings:\n  project: {name}\nscripts: {{}}\n"));
    }

    [Fact]
    public void Tty_defaults_to_120x40_and_takes_a_size()
    {
        var scripts = ConfigLoader.Parse(
            "scripts:\n  a: { command: x, tty: true }\n  b: { command: x, tty: true, tty_size: 80x24 }\n  c: { command: x }\n", ConfigTestFiles.Path).Scripts;
        Assert.Equal(new TerminalSize(120, 40), scripts[0].Terminal);
        Assert.Equal(new TerminalSize(80, 24), scripts[1].Terminal);
        Assert.Null(scripts[2].Terminal);
    }

    [Fact]
    public void A_bad_tty_size_or_one_without_tty_is_refused()
    {
        Assert.Equal(
            [
                "2:41: 'tty_size' must be COLUMNSxROWS between 1x1 and 1000x1000 (e.g. 120x40), found '80*24'",
                "3:30: 'tty_size' needs 'tty: true'",
            ],
            Problems("scripts:\n  a: { command: x, tty: true, tty_size: 80*24 }\n  b: { command: x, tty_size: 80x24 }\n"));
    }

    [Fact]
    public void Turning_tty_on_is_a_change_for_reload()
    {
        var before = ConfigLoader.Parse("scripts:\n  a: { command: x }\n", ConfigTestFiles.Path).Scripts[0];
        var after = ConfigLoader.Parse("scripts:\n  a: { command: x, tty: true }\n", ConfigTestFiles.Path).Scripts[0];
        Assert.Equal(["tty"], ScriptSpecDiff.ChangedFields(before, after).ToArray());
    }
}
