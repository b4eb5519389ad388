using System.Globalization;

namespace TurtleHarbor.Core.State;

/// <summary>
/// The temporary files a daemon writes before renaming them over its own files
/// (<c>&lt;file&gt;.tmp-&lt;pid&gt;</c>, see <see cref="JsonStore{T}"/>, <see cref="DaemonSessionFile"/>,
/// <see cref="HistoryJournal"/>). A daemon killed between the write and the rename leaves one
/// behind, and its successor (another pid) would never overwrite it.
/// </summary>
internal static class TempFileLitter
{
    /// <summary>
    /// Removes, from each file's directory, the temp files of <paramref name="files"/> whose pid is
    /// not <paramref name="ownPid"/>. Only exact matches (<c>NAME.tmp-DIGITS</c>) are touched; a
    /// file that cannot be removed is left and not counted. Call it under the home's lock, so no
    /// other daemon can be writing one.
    /// </summary>
    /// <returns>How many files were removed.</returns>
    public static int Sweep(IEnumerable<string> files, int ownPid)
    {
        var removed = 0;
        foreach (var file in files)
        {
            var directory = Path.GetDirectoryName(file);
            var prefix = Path.GetFileName(file) + ".tmp-";
            if (directory is null || !Directory.Exists(directory))
            {
                continue;
            }

            IEnumerable<string> candidates;
            try
            {
                candidates = Directory.EnumerateFiles(directory, prefix + "*").ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                if (IsLitter(Path.GetFileName(candidate), prefix, ownPid) && TryDelete(candidate))
                {
                    removed++;
                }
            }
        }

        return removed;
    }

    private static bool IsLitter(string name, string prefix, int ownPid)
    {
        var digits = name.AsSpan(prefix.Length);
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && digits.Length is > 0 and <= 10
            && !digits.ContainsAnyExcept("0123456789")
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && pid != ownPid;
    }

    private static bool TryDelete(string file)
    {
        try
        {
            // Never through a symbolic link someone planted: only a regular file of ours is litter.
            if (new FileInfo(file).LinkTarget is not null)
            {
                return false;
            }

            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
