using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class ScriptLogWriterFailureTests : IDisposable
{
    private readonly LogTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Lines_lost_while_writing_fails_are_counted_and_reported_once_writing_works_again()
    {
        string path = _files.PathOf("fail.log");
        int opens = 0;
        Stream Open(string p) => ++opens switch
        {
            1 => new FailingStream(), // opens, then every write fails: "disk full"
            2 => throw new IOException("permission denied (test)"),
            _ => new FileStream(p, FileMode.Append, FileAccess.Write, FileShare.ReadWrite),
        };
        var errors = new List<string>();

        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, Open))
        {
            writer.OnWriteError = errors.Add;
            writer.WriteEvent("one");
            writer.WriteEvent("two");
            await writer.FlushAsync(CancellationToken.None);  // the write fails: 2 lost
            writer.WriteEvent("three");                       // reopening fails: 3 lost
            await writer.FlushAsync(CancellationToken.None);
            writer.WriteEvent("four");                        // works: notice, then the line
        }

        var lines = File.ReadAllLines(path).Select(line => line[(line.IndexOf(' ') + 1)..]).ToArray();
        Assert.Equal(["[th] lost 3 lines: disk full (test)", "[th] four"], lines);
        Assert.Equal(3, opens);
        Assert.Single(errors);
        Assert.Contains("disk full (test)", errors[0]);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_new_run_of_failures_is_reported_again()
    {
        string path = _files.PathOf("again.log");
        int opens = 0;
        Stream Open(string p) => ++opens is 1 or 3
            ? new FailingStream()
            : new FileStream(p, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var errors = new List<string>();

        await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, Open))
        {
            writer.OnWriteError = errors.Add;
            writer.WriteEvent("lost a");
            await writer.FlushAsync(CancellationToken.None);
            writer.WriteEvent("kept b");  // opens a good file: notice + line
            await writer.FlushAsync(CancellationToken.None);
        }

        Assert.Single(errors);
        var lines = File.ReadAllLines(path).Select(line => line[(line.IndexOf(' ') + 1)..]).ToArray();
        Assert.Equal(["[th] lost 1 lines: disk full (test)", "[th] kept b"], lines);
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full (test)");
    }
}
