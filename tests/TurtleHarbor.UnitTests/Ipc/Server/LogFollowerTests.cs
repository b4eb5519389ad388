using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Server;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Ipc.Server;

public sealed class LogFollowerTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("th-follow-").FullName;
    private readonly ScriptLogWriter _writer;

    public LogFollowerTests() => _writer = new ScriptLogWriter(Path.Combine(_dir, "s.log"), new ScriptLogOptions(), TimeProvider.System);

    [Fact(Timeout = 30_000)]
    public async Task A_follower_gets_new_lines_of_its_script_in_order()
    {
        using var follower = new LogFollower([new LogSource("s", _writer.LogPath, 5, _writer)]);

        _writer.WriteEvent("one");
        _writer.WriteEvent("two");
        await _writer.FlushAsync(CancellationToken.None);

        Assert.True(follower.Lines.TryRead(out var first));
        Assert.True(follower.Lines.TryRead(out var second));
        Assert.Equal("s", first.Script);
        Assert.EndsWith("[th] one", first.Text);
        Assert.EndsWith("[th] two", second.Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_follower_that_falls_behind_loses_lines_and_is_told_how_many()
    {
        using var follower = new LogFollower([new LogSource("s", _writer.LogPath, 5, _writer)]);
        var overflow = 300;
        for (var i = 0; i < LogFollower.Capacity + overflow; i++)
        {
            _writer.WriteEvent($"line {i}");
        }

        await _writer.FlushAsync(CancellationToken.None);
        var read = 0;
        while (follower.Lines.TryRead(out _))
        {
            read++;
        }

        _writer.WriteEvent("after");
        await _writer.FlushAsync(CancellationToken.None);

        Assert.Equal(LogFollower.Capacity, read);
        Assert.True(follower.Lines.TryRead(out var marker));
        Assert.Equal($"…[{overflow} lines skipped]", marker.Text);
        Assert.True(follower.Lines.TryRead(out var after));
        Assert.EndsWith("[th] after", after.Text);
        Assert.Equal(LogFollower.Capacity + overflow + 1, File.ReadAllLines(_writer.LogPath).Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_disposed_follower_stops_listening()
    {
        var follower = new LogFollower([new LogSource("s", _writer.LogPath, 5, _writer)]);
        follower.Dispose();

        _writer.WriteEvent("unseen");
        await _writer.FlushAsync(CancellationToken.None);

        Assert.False(follower.Lines.TryRead(out _));
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
