namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// The th under test: $TH_BIN (CI points it at the AOT binary from publish.sh), else the JIT build
/// that the test project copies next to itself.
/// </summary>
public static class ThBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("TH_BIN") is { Length: > 0 } configured)
        {
            return System.IO.Path.GetFullPath(configured);
        }

        var local = System.IO.Path.Combine(AppContext.BaseDirectory, "th");
        if (!File.Exists(local))
        {
            throw new FileNotFoundException($"th not found next to the tests ({local}); set TH_BIN");
        }

        return local;
    }
}
