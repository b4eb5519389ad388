using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Cli;

/// <summary>What every client command needs: where the daemon is, where to print, and how.</summary>
internal sealed record ClientContext(ThPaths Paths, TextWriter Output, TextWriter Error, bool Color, bool Autostart, string Version)
{
    public static ClientContext FromEnvironment(TextWriter output, TextWriter error, string version)
    {
        // no-color.org, and a terminal that says it cannot do colour (TERM unset or dumb: emacs shells, CI logs).
        var color = !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb";
        var autostart = Environment.GetEnvironmentVariable("TURTLE_HARBOR_NO_AUTOSTART") is not ("1" or "true" or "yes");
        return new ClientContext(ThPaths.FromEnvironment(), output, error, color, autostart, version);
    }
}
