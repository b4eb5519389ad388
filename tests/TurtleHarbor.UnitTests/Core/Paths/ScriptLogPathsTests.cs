using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Tests.Core.Paths;

public sealed class ScriptLogPathsTests
{
    private static ProjectConfig Load(string yaml, string path) => ConfigLoader.Parse(yaml, path);

    [Fact]
    public void Two_projects_named_alike_get_folders_of_their_own()
    {
        var a = ScriptLogPaths.Of(Load("scripts: { web: { command: x } }", "/home/u/a/api/scripts.yml"), "/logs", "web");
        var b = ScriptLogPaths.Of(Load("scripts: { web: { command: x } }", "/home/u/b/api/scripts.yml"), "/logs", "web");

        Assert.Matches(@"^/logs/api-[0-9a-f]{8}/web\.log$", a);
        Assert.Matches(@"^/logs/api-[0-9a-f]{8}/web\.log$", b);
        Assert.NotEqual(a, b);
        Assert.Equal(a, ScriptLogPaths.Of(Load("scripts: { web: { command: y } }", "/home/u/a/api/scripts.yml"), "/logs", "web"));
    }

    [Fact]
    public void Settings_project_names_the_folder_and_log_dir_wins_over_both()
    {
        Assert.Equal("/logs/shop/web.log", ScriptLogPaths.Of(Load("settings: { project: shop }\nscripts: { web: { command: x } }", "/p/scripts.yml"), "/logs", "web"));
        Assert.Equal("/p/out/web.log", ScriptLogPaths.Of(Load("settings: { log_dir: ./out, project: shop }\nscripts: { web: { command: x } }", "/p/scripts.yml"), "/logs", "web"));
    }

    [Fact]
    public void A_folder_name_that_is_no_safe_file_name_is_cleaned()
    {
        Assert.Matches(@"^my_app_-[0-9a-f]{8}$", ScriptLogPaths.DefaultProject("/home/u/my app!/scripts.yml"));
        Assert.Matches(@"^root-[0-9a-f]{8}$", ScriptLogPaths.DefaultProject("/scripts.yml"));
    }
}
