using System.Text;
using System.Threading.Channels;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// One <c>th logs -f</c> client: listens to the writers of the scripts it follows and buffers their
/// lines for the connection. The buffer is bounded: a follower that cannot keep up loses lines (and is
/// told how many) instead of slowing the writer, and so the script.
/// </summary>
internal sealed class LogFollower : IDisposable
{
    public const int Capacity = 4096;

    private readonly Channel<LogLine> _lines = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        // Wait, not a Drop mode: with Wait a full TryWrite returns false, which is how drops get counted.
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly List<(ScriptLogWriter Writer, Tap Tap)> _taps = [];
    private int _skipped;

    public LogFollower(IEnumerable<LogSource> sources)
    {
        foreach (var source in sources)
        {
            if (source.Writer is { } writer)
            {
                var tap = new Tap(this, source.Name);
                writer.AddListener(tap);
                _taps.Add((writer, tap));
            }
        }
    }

    public ChannelReader<LogLine> Lines => _lines.Reader;

    /// <summary>Waits until every line the writers had before this call is written to the files, so a tail read next is complete.</summary>
    public Task FlushWritersAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_taps.Select(t => t.Writer.FlushAsync(cancellationToken)));

    private void Add(string script, ReadOnlySpan<byte> formattedLine)
    {
        var skipped = Interlocked.Exchange(ref _skipped, 0);
        if (skipped > 0 && !_lines.Writer.TryWrite(new LogLine(script, $"…[{skipped} lines skipped]")))
        {
            Interlocked.Add(ref _skipped, skipped + 1);
            return;
        }

        var text = Encoding.UTF8.GetString(formattedLine.TrimEnd((byte)'\n'));
        if (!_lines.Writer.TryWrite(new LogLine(script, text)))
        {
            Interlocked.Increment(ref _skipped);
        }
    }

    public void Dispose()
    {
        foreach (var (writer, tap) in _taps)
        {
            writer.RemoveListener(tap);
        }

        _taps.Clear();
        _lines.Writer.TryComplete();
    }

    /// <summary>Ties the lines of one writer to the script's name.</summary>
    private sealed class Tap(LogFollower follower, string script) : ILogLineListener
    {
        public void OnLine(ReadOnlySpan<byte> formattedLine) => follower.Add(script, formattedLine);
    }
}
