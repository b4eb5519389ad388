namespace TurtleHarbor.Core.Native;

/// <summary>This process's environment as a dictionary, to hand to a child unchanged or as a base.</summary>
internal static class ProcessEnvironment
{
    public static Dictionary<string, string> Snapshot()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return environment;
    }
}
