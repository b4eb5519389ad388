using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

/// <summary>The writer's file against what other programs do to it: move, delete, truncate, replace by a link.</summary>
public class ScriptLogWriterFileTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    /// <summary>The daemon's capture thread, in the subclass that runs these tests through it; null: a stream pump per pipe.</summary>
    private protected virtual PipeCapture? Capture => null;

    public virtual void Dispose() => _files.Dispose();

    private static string[] Texts(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Select(line => line[(line.IndexOf(' ') + 1)..])] : [];

    [Fact(Timeout = 30_000)]
    public async Task A_moved_log_is_opened_again_at_its_path_and_says_so()
    {
        var path = _files.PathOf("proj/web.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            // A running script (an open pump) keeps the file open; that file is what moves away.
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            writer.WriteEvent("before");
            await writer.FlushAsync(CancellationToken.None);
            File.Move(path, _files.PathOf("web.moved"));
            writer.WriteEvent("after move");
            await writer.FlushAsync(CancellationToken.None);
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
            writer.WriteEvent("after rm -rf");
            await writer.FlushAsync(CancellationToken.None);
            writeEnd.Dispose();
            await pump;
        }

        Assert.Equal(["[th] before"], Texts(_files.PathOf("web.moved")));
        var lines = Texts(path);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[th] the log file was moved or deleted", lines[0]);
        Assert.Equal("[th] after rm -rf", lines[1]);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_truncated_log_goes_on_at_its_new_end_without_a_hole()
    {
        var path = _files.PathOf("t.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            writer.WriteEvent("one");
            await writer.FlushAsync(CancellationToken.None);
            File.WriteAllText(path, "");
            writer.WriteEvent("two");
            await writer.FlushAsync(CancellationToken.None);
        }

        var bytes = File.ReadAllBytes(path);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Equal(["[th] two"], Texts(path));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_symbolic_link_at_the_log_path_is_not_followed_and_the_reason_is_reported()
    {
        var target = _files.PathOf("elsewhere");
        var path = _files.PathOf("l.log");
        File.CreateSymbolicLink(path, target);
        var errors = new List<string>();
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            writer.OnWriteError = errors.Add;
            writer.WriteEvent("refused");
            await writer.FlushAsync(CancellationToken.None);
        }

        Assert.False(File.Exists(target));
        Assert.Contains(errors, e => e.Contains("symbolic link", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_line_without_a_newline_is_written_as_it_stands_after_a_second_and_the_rest_is_a_new_line()
    {
        var path = _files.PathOf("p.log");
        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, capture: Capture))
        {
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            await writeEnd.WriteAsync("Password: "u8.ToArray());
            await writeEnd.FlushAsync();
            await Eventually.TrueAsync(() => Texts(path).Contains("[stdout] Password: "), "the prompt was written", TimeSpan.FromSeconds(10));
            await writeEnd.WriteAsync("\nnext\n"u8.ToArray());
            writeEnd.Dispose();
            await pump;
        }

        Assert.Equal(["[stdout] Password: ", "[stdout] next"], Texts(path));
    }
}

/// <summary>The same tests with the daemon's capture thread (epoll, Linux) reading the pipes instead of a pump each.</summary>
public sealed class ScriptLogWriterFileCaptureTests : ScriptLogWriterFileTests
{
    private readonly PipeCapture? _capture = PipeCapture.TryStart();

    private protected override PipeCapture? Capture => _capture;

    public override void Dispose()
    {
        base.Dispose();
        _capture?.Dispose();
    }
}
