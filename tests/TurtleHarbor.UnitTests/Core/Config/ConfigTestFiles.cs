using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Tests.Core.Config;

/// <summary>Helpers shared by the config tests.</summary>
internal static class ConfigTestFiles
{
    public const string Path = "/project/scripts.yml";

    /// <summary>Every problem of <paramref name="yaml"/> as <c>line:column: message</c>.</summary>
    // An array, not an ImmutableArray: xunit compares ImmutableArrays by reference (IEquatable).
    public static string[] Problems(string yaml)
    {
        var error = Assert.Throws<ConfigInvalidException>(() => ConfigLoader.Parse(yaml, Path));
        Assert.All(error.Problems, p => Assert.Equal(Path, p.File));
        return [.. error.Problems.Select(p => $"{p.Line}:{p.Column}: {p.Message}")];
    }

    /// <summary>The only problem of <paramref name="yaml"/>.</summary>
    public static string Problem(string yaml) => Assert.Single(Problems(yaml));

    /// <summary>A fresh directory under /tmp, removed by the caller.</summary>
    public static string TempDirectory()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "th-config-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
