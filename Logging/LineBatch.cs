using System.Buffers;

namespace TurtleHarbor.Logging;

/// <summary>
/// One item on a <see cref="ScriptLogWriter"/>'s channel: the lines a pump's reads completed (their bytes back
/// to back in a pooled buffer, plus a <see cref="CapturedLine"/> each), a <c>[th]</c> event (one line), or a
/// flush request when <see cref="FlushDone"/> is set. Working per read rather than per line is what keeps a
/// chatty script cheap: one capture time, one channel item and one backpressure slot for hundreds of lines.
/// Filled by one thread, then handed over; the writer loop hands the buffers back with <see cref="Return"/>.
/// </summary>
internal sealed class LineBatch
{
    /// <summary>Caps the records array (16 bytes a line) for a read full of empty lines.</summary>
    public const int MaxLines = 4096;

    private readonly int _byteLimit;
    private byte[] _bytes;
    private CapturedLine[] _lines;
    private int _used;
    private int _count;
    private int _unchecked;

    private LineBatch(DateTimeOffset time, LogStream stream, byte[] bytes, CapturedLine[] lines, int byteLimit, TaskCompletionSource? flushDone)
    {
        Time = time;
        Stream = stream;
        _bytes = bytes;
        _lines = lines;
        _byteLimit = Math.Max(byteLimit, bytes.Length);
        FlushDone = flushDone;
    }

    /// <summary>UTC time at which the lines were complete (set when the batch is posted, after its last read).</summary>
    public DateTimeOffset Time { get; set; }

    public LogStream Stream { get; }

    public TaskCompletionSource? FlushDone { get; }

    /// <summary>True while the batch holds one of the pumps' bounded slots (released by the writer).</summary>
    public bool HoldsPumpSlot { get; set; }

    public ReadOnlySpan<CapturedLine> Lines => _lines.AsSpan(0, _count);

    /// <summary>True when every line was added as clean (<see cref="LogLineSplitter.IsClean"/>): the formatter may copy them as they are.</summary>
    public bool AllClean => _unchecked == 0;

    /// <summary>The kept bytes of all lines, back to back in the order of <see cref="Lines"/>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _used);

    /// <summary>Where the next line's bytes go; <see cref="Commit"/> then records them.</summary>
    public Span<byte> Free => _bytes.AsSpan(_used);

    /// <summary>
    /// A batch for lines of <paramref name="stream"/> with room for the given bytes and lines, which grows
    /// (up to <paramref name="byteLimit"/> bytes and <see cref="MaxLines"/> lines) when more reads follow at once.
    /// </summary>
    public static LineBatch Rent(DateTimeOffset time, LogStream stream, int byteCapacity, int lineCapacity, int byteLimit = 0)
    {
        byte[] bytes = byteCapacity > 0 ? ArrayPool<byte>.Shared.Rent(byteCapacity) : [];
        var lines = ArrayPool<CapturedLine>.Shared.Rent(Math.Clamp(lineCapacity, 1, MaxLines));
        return new LineBatch(time, stream, bytes, lines, byteLimit, flushDone: null);
    }

    public static LineBatch Flush(TaskCompletionSource done) => new(default, LogStream.Th, [], [], 0, done);

    /// <summary>True when one more line of up to <paramref name="length"/> kept bytes fits (growing the batch if it may).</summary>
    public bool HasRoomFor(int length)
    {
        if (_count == _lines.Length)
        {
            if (_count >= MaxLines) return false;
            var lines = ArrayPool<CapturedLine>.Shared.Rent(Math.Min(_count * 2, MaxLines));
            _lines.AsSpan(0, _count).CopyTo(lines);
            ArrayPool<CapturedLine>.Shared.Return(_lines);
            _lines = lines;
        }

        long needed = (long)_used + length;
        if (needed <= _bytes.Length) return true;
        if (needed > _byteLimit) return false;
        var bytes = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, 2L * _bytes.Length), _byteLimit));
        _bytes.AsSpan(0, _used).CopyTo(bytes);
        if (_bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = bytes;
        return true;
    }

    /// <param name="clean">The content is known to be valid UTF-8 without control bytes but tab and ESC.</param>
    public void Add(ReadOnlySpan<byte> content, long droppedBytes, bool clean = false)
    {
        content.CopyTo(Free);
        Commit(content.Length, droppedBytes, clean);
    }

    public void Commit(int length, long droppedBytes, bool clean = false)
    {
        _lines[_count++] = new CapturedLine(length, droppedBytes);
        _used += length;
        if (!clean) _unchecked++;
    }

    public void Return()
    {
        if (_bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
        if (_lines.Length > 0) ArrayPool<CapturedLine>.Shared.Return(_lines);
        _bytes = [];
        _lines = [];
        _used = 0;
        _count = 0;
        _unchecked = 0;
    }
}
