using System.Text;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class SizeRotatingFileStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("th-rot-").FullName;

    [Fact]
    public void Writes_past_the_limit_rotate_whole_entries_and_keep_max_files()
    {
        var path = Path.Combine(_dir, "daemon.log");
        using (var stream = new SizeRotatingFileStream(path, maxBytes: 100, maxFiles: 3))
        {
            for (var i = 0; i < 20; i++)
            {
                stream.Write(Encoding.UTF8.GetBytes($"{{\"entry\":{i:D2},\"pad\":\"xxxxxxxxxx\"}}\n"));
            }
        }

        var files = Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["daemon.log", "daemon.log.1", "daemon.log.2"], files);
        Assert.All(files, f => Assert.True(new FileInfo(Path.Combine(_dir, f!)).Length <= 100));
        Assert.All(files, f => Assert.All(File.ReadAllLines(Path.Combine(_dir, f!)), l => Assert.StartsWith("{\"entry\":", l)));
        Assert.Contains("\"entry\":19", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
