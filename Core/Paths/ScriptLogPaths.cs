using System.Text;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Paths;

/// <summary>
/// Where a script's log lives (CONTRACTS.md §5): <c>&lt;log_dir&gt;/&lt;name&gt;.log</c> when the config sets
/// <c>log_dir</c>, else <c>&lt;logs&gt;/&lt;project&gt;/&lt;name&gt;.log</c>, where the project is
/// <c>settings.project</c> or the config's folder name plus a short hash of the config's absolute path, so
/// <c>~/a/api</c> and <c>~/b/api</c>, or two configs in one folder, never share a folder. The daemon's own log
/// sits in <c>&lt;logs&gt;</c> itself, outside every project folder.
/// </summary>
internal static class ScriptLogPaths
{
    // FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/): stable across runs and versions, unlike
    // string.GetHashCode, and without loading OpenSSL into the daemon as SHA-256 would (megabytes of RSS).
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>Folder names longer than this are cut, so the log path stays well inside PATH_MAX.</summary>
    private const int MaxFolderNameLength = 64;

    /// <param name="logRoot">The platform's log folder (<see cref="ThPaths.LogDir"/>).</param>
    public static string Of(ProjectConfig config, string logRoot, string name) => In(DirectoryOf(config, logRoot), name);

    /// <summary>The folder of the config's script logs: <c>settings.log_dir</c>, else the project's folder under <paramref name="logRoot"/>.</summary>
    public static string DirectoryOf(ProjectConfig config, string logRoot) =>
        config.Settings.LogDir ?? Path.Combine(logRoot, ProjectOf(config));

    /// <summary>The log of script <paramref name="name"/> in <paramref name="directory"/> (from <see cref="DirectoryOf"/>).</summary>
    public static string In(string directory, string name) => Path.Combine(directory, name + ".log");

    /// <summary><c>settings.project</c>, else <see cref="DefaultProject"/>.</summary>
    public static string ProjectOf(ProjectConfig config) => config.Settings.Project ?? DefaultProject(config.ConfigPath);

    /// <summary>The config's folder name (characters other than letters, digits, '-', '_' and '.' as '_') and 8 hex digits of a hash of its absolute path.</summary>
    public static string DefaultProject(string configPath)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(configPath)) ?? "";
        var name = new StringBuilder(Math.Min(folder.Length, MaxFolderNameLength));
        foreach (var c in folder)
        {
            if (name.Length == MaxFolderNameLength) break;
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && name.Length > 0) ? c : '_');
        }

        if (name.Length == 0) name.Append("root");
        return $"{name}-{ShortHash(configPath):x8}";
    }

    /// <summary>32 bits (the two halves of 64-bit FNV-1a folded): enough to tell apart the handful of projects one user has.</summary>
    private static uint ShortHash(string text)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return (uint)(hash ^ (hash >> 32));
    }
}
