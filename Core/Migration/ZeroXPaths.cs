namespace TurtleHarbor.Core.Migration;

/// <summary>
/// 0.x resolved <c>env_file</c> and <c>venv</c> against the script's <c>context</c>; this version resolves every
/// relative path against the config file's folder (CONTRACTS.md §2), so such a path gets the context in front.
/// </summary>
internal static class ZeroXPaths
{
    /// <summary>
    /// <paramref name="path"/> as seen from the config's folder, or null when it means the same unchanged (absolute,
    /// home- or variable-relative, or a context of ".").
    /// </summary>
    public static string? Rebase(string context, string path)
    {
        if (path.Length == 0 || path[0] is '/' or '~' or '$' || context.Length == 0)
        {
            return null;
        }

        var rebased = Normalize(context.TrimEnd('/') + "/" + path);
        return rebased == Normalize(path) ? null : rebased;
    }

    // Only "." segments and doubled slashes go: folding ".." could cross a symlink and point elsewhere.
    private static string Normalize(string path)
    {
        var absolute = path.StartsWith('/');
        var segments = path.Split('/').Where(s => s.Length > 0 && s != ".").ToArray();
        var joined = string.Join('/', segments);
        return absolute ? "/" + joined : joined.StartsWith("..", StringComparison.Ordinal) ? joined : "./" + joined;
    }
}
