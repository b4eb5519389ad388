using System.Xml;
using System.Xml.Linq;
using TurtleHarbor.Cli.Service;

namespace TurtleHarbor.Tests.Cli.Service;

public sealed class LaunchAgentPlistTests
{
    [Fact]
    public void The_plist_is_a_property_list_that_runs_the_stable_th_in_the_foreground_at_load_with_the_shells_PATH()
    {
        using var home = new ServiceTestHome();

        var plist = Parse(LaunchAgentPlist.Render(home.Setup()));

        Assert.Equal(LaunchAgentPlist.Label, plist["Label"]);
        Assert.Equal(new object[] { "/opt/homebrew/opt/th/bin/th", "daemon", "--foreground" }, (List<object>)plist["ProgramArguments"]);
        Assert.Equal(true, plist["RunAtLoad"]);
        var keepAlive = (Dictionary<string, object>)plist["KeepAlive"];
        Assert.Equal(false, keepAlive["SuccessfulExit"]);
        var environment = (Dictionary<string, object>)plist["EnvironmentVariables"];
        Assert.Equal("/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin", environment["PATH"]);
        Assert.Equal(Path.Combine(home.Root, "h"), environment["TURTLE_HARBOR_HOME"]);
        var logs = Path.Combine(home.Root, "h", "logs");
        Assert.Equal(Path.Combine(logs, "launchd.stdout.log"), plist["StandardOutPath"]);
        Assert.Equal(Path.Combine(logs, "launchd.stderr.log"), plist["StandardErrorPath"]);
        Assert.Equal(home.Root, plist["WorkingDirectory"]);
    }

    [Fact]
    public void The_agent_runs_as_Interactive_and_launchd_waits_the_largest_stop_timeout_plus_a_margin_before_SIGKILL()
    {
        using var home = new ServiceTestHome();

        var plist = Parse(LaunchAgentPlist.Render(home.Setup()));

        Assert.Equal("Interactive", plist["ProcessType"]);
        Assert.Equal((long)ServiceStopBudget.Seconds, plist["ExitTimeOut"]);
        Assert.Equal(3630L, plist["ExitTimeOut"]); // stop_timeout is at most 1 h (CONTRACTS §2), plus 30 s
    }

    [Fact]
    public void Markup_characters_in_values_are_escaped_and_come_back_unchanged()
    {
        using var home = new ServiceTestHome();
        home.Environment["PATH"] = "/a&b/<bin>:/usr/bin";

        var plist = Parse(LaunchAgentPlist.Render(home.Setup("/Users/me/R&D <tools>/th")));

        Assert.Equal("/Users/me/R&D <tools>/th", ((List<object>)plist["ProgramArguments"])[0]);
        Assert.Equal("/a&b/<bin>:/usr/bin", ((Dictionary<string, object>)plist["EnvironmentVariables"])["PATH"]);
    }

    /// <summary>A small reader for XML property lists (dict, array, string, true, false), strict about their shape.</summary>
    internal static Dictionary<string, object> Parse(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var document = XDocument.Load(reader);
        Assert.Equal("plist", document.Root!.Name.LocalName);
        Assert.Equal("1.0", document.Root.Attribute("version")?.Value);
        Assert.Contains("-//Apple//DTD PLIST 1.0//EN", text);
        return (Dictionary<string, object>)Value(Assert.Single(document.Root.Elements()));
    }

    private static object Value(XElement element) => element.Name.LocalName switch
    {
        "string" => element.Value,
        "true" => true,
        "false" => false,
        "integer" => long.Parse(element.Value, System.Globalization.CultureInfo.InvariantCulture),
        "array" => element.Elements().Select(Value).ToList(),
        "dict" => Dict(element),
        var other => throw new Xunit.Sdk.XunitException($"not a plist element: {other}"),
    };

    private static Dictionary<string, object> Dict(XElement element)
    {
        var children = element.Elements().ToList();
        Assert.True(children.Count % 2 == 0, "a dict holds key/value pairs");
        var result = new Dictionary<string, object>();
        for (var i = 0; i < children.Count; i += 2)
        {
            Assert.Equal("key", children[i].Name.LocalName);
            result.Add(children[i].Value, Value(children[i + 1]));
        }

        return result;
    }
}
