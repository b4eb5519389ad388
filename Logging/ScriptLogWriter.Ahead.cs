namespace TurtleHarbor.Logging;

// Creating a log file before its writer needs it.
internal sealed partial class ScriptLogWriter
{
    /// <summary>
    /// Creates the log file at <paramref name="path"/> (and its folder) as the writer's first open would,
    /// and closes it again; an existing file is left alone. Best effort: a failure here is the writer's to
    /// report when it opens the file itself. See DaemonCore's burst of starts for why.
    /// </summary>
    internal static void CreateAhead(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                return;
            }

            if (Path.GetDirectoryName(path) is { } directory && !OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }

            OpenLogFile(path).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The writer tries again and says what is wrong in its own words.
        }
    }
}
