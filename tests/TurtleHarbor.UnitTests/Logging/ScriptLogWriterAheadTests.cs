using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

/// <summary>A log file created ahead of its writer (a burst of starts): as the writer would, and never in its way.</summary>
public sealed class ScriptLogWriterAheadTests
{
    [Fact]
    public void Creates_the_folder_and_an_empty_file_with_the_writers_modes()
    {
        using var files = new LogTestFiles();
        var path = files.PathOf(Path.Combine("project", "web.log"));

        ScriptLogWriter.CreateAhead(path);

        Assert.Equal(0, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            // 0640 as the writer opens it, less whatever the umask takes away.
            const UnixFileMode writers = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            var mode = File.GetUnixFileMode(path);
            Assert.Equal((UnixFileMode)0, mode & ~writers);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Fact]
    public void An_existing_file_is_left_as_it_is()
    {
        using var files = new LogTestFiles();
        var path = files.PathOf("web.log");
        File.WriteAllText(path, "earlier lines\n");

        ScriptLogWriter.CreateAhead(path);

        Assert.Equal("earlier lines\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_path_that_cannot_be_created_is_left_to_the_writer_without_an_exception()
    {
        using var files = new LogTestFiles();
        var blocker = files.PathOf("not-a-folder");
        File.WriteAllText(blocker, "");

        ScriptLogWriter.CreateAhead(Path.Combine(blocker, "web.log"));

        Assert.False(File.Exists(Path.Combine(blocker, "web.log")));
    }
}
