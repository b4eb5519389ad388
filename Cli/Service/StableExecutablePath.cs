using System.Text.RegularExpressions;

namespace TurtleHarbor.Cli.Service;

/// <summary>
/// The path a service definition should name for this th. A Homebrew install runs from a versioned
/// Cellar directory that the next <c>brew upgrade</c> deletes; its <c>opt</c> link stays put, so the
/// service keeps working across upgrades and macOS keeps the privacy permissions granted to that path.
/// </summary>
internal static partial class StableExecutablePath
{
    public static string Resolve(string executable)
    {
        var match = CellarPath().Match(executable);
        return match.Success
            ? $"{match.Groups["prefix"].Value}/opt/{match.Groups["formula"].Value}/{match.Groups["rest"].Value}"
            : executable;
    }

    // <prefix>/Cellar/<formula>/<version>/<rest>, e.g. /opt/homebrew/Cellar/th/1.2.3/bin/th.
    [GeneratedRegex("^(?<prefix>/.*)/Cellar/(?<formula>[^/]+)/(?<version>[^/]+)/(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CellarPath();
}
