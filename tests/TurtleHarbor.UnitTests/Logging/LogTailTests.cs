using System.Text;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class LogTailTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static void WriteLines(string path, int from, int to) =>
        File.WriteAllText(path, string.Concat(Enumerable.Range(from, to - from).Select(i => $"line {i}\n")));

    [Fact]
    public void Returns_exactly_the_last_N_lines_oldest_first()
    {
        string path = _files.PathOf("a.log");
        WriteLines(path, 0, 10);

        Assert.Equal(["line 7", "line 8", "line 9"], LogTail.ReadLastLines(path, 3, 5));
        Assert.Equal(10, LogTail.ReadLastLines(path, 100, 5).Count);
    }

    [Fact]
    public void Continues_into_rotated_files_when_the_current_one_is_short()
    {
        string path = _files.PathOf("b.log");
        WriteLines(path + ".2", 0, 5);
        WriteLines(path + ".1", 5, 10);
        WriteLines(path, 10, 12);

        Assert.Equal(["line 6", "line 7", "line 8", "line 9", "line 10", "line 11"], LogTail.ReadLastLines(path, 6, 5));
        Assert.Equal(12, LogTail.ReadLastLines(path, 100, 5).Count);
        Assert.Equal(["line 10", "line 11"], LogTail.ReadLastLines(path, 6, maxFiles: 1));
    }

    [Fact]
    public void A_missing_file_gives_no_lines()
    {
        Assert.Empty(LogTail.ReadLastLines(_files.PathOf("missing.log"), 10, 5));
    }

    [Fact]
    public void Lines_longer_than_a_block_and_a_last_line_without_newline_come_back_whole()
    {
        string path = _files.PathOf("c.log");
        string big = new('x', 200_000);
        File.WriteAllText(path, $"first\n{big}\nlast without newline");

        Assert.Equal(["first", big, "last without newline"], LogTail.ReadLastLines(path, 3, 1));
    }

    [Fact]
    public void A_huge_file_is_read_from_the_end_only()
    {
        string path = _files.PathOf("huge.log");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(300L * 1024 * 1024); // sparse: quick to make, and no newline in 300 MB
            file.Seek(0, SeekOrigin.End);
            file.Write(Encoding.UTF8.GetBytes("\nx\ny\nz\n"));
        }
        long bytesRead = 0;
        Stream? Open(string p) => File.Exists(p) ? new CountingStream(File.OpenRead(p), n => bytesRead += n) : null;

        var lines = LogTail.ReadLastLines(path, 3, 5, Open);

        Assert.Equal(["x", "y", "z"], lines);
        Assert.InRange(bytesRead, 1, 64 * 1024);
    }

    private sealed class CountingStream(Stream inner, Action<int> onRead) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            onRead(n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
