namespace TurtleHarbor.Cli.Service;

/// <summary>
/// Whether an installed service runs the daemon of this client's home. The home follows
/// TURTLE_HARBOR_HOME, which install copies into the definition, so the definition tells.
/// </summary>
internal static class ServiceHome
{
    public const string Variable = "TURTLE_HARBOR_HOME";

    public static bool Matches(string definition, ServiceSetup setup, Func<string, string, string> renderVariable)
    {
        foreach (var (name, value) in setup.Environment)
        {
            if (name == Variable)
            {
                return definition.Contains(renderVariable(name, value), StringComparison.Ordinal);
            }
        }

        return !definition.Contains(Variable, StringComparison.Ordinal);
    }
}
