namespace TurtleHarbor.Logging;

/// <summary>
/// Renames <c>name.log</c> to <c>name.log.1</c>, shifting older files up and dropping the one past
/// <c>maxFiles - 1</c> (CONTRACTS.md §6). Also used for the daemon's own log at start-up.
/// </summary>
internal static class LogRotation
{
    public static string RotatedPath(string path, int index) => index == 0 ? path : $"{path}.{index}";

    /// <summary>Rotates; the caller must have closed <paramref name="path"/>. Throws IOException-family errors.</summary>
    public static void Rotate(string path, int maxFiles)
    {
        int keep = Math.Max(1, maxFiles) - 1;
        if (keep == 0)
        {
            File.Delete(path);
            return;
        }

        File.Delete(RotatedPath(path, keep));
        for (int i = keep - 1; i >= 0; i--)
        {
            string from = RotatedPath(path, i);
            if (File.Exists(from)) File.Move(from, RotatedPath(path, i + 1), overwrite: true);
        }
    }
}
