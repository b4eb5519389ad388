using System.Buffers;
using System.Text.Unicode;

namespace TurtleHarbor.Logging;

/// <summary>
/// Splits a byte stream on <c>\n</c> into the lines of <see cref="LineBatch"/>es. A line that lies inside
/// one read is copied once, straight into the batch; only the unfinished tail of a read is kept here, and
/// of it at most MaxLineLength + 1 bytes (the extra byte may be a <c>\r</c> before the newline): the rest
/// is only counted, so a newline-free flood costs no memory. A line is kept as a terminal shows it: only the
/// text after its last lone <c>\r</c> (a progress bar's last frame), and a <c>\r</c> before the newline goes.
/// Not thread-safe: one per pump.
/// </summary>
internal sealed class LogLineSplitter(int maxLineLength)
{
    // What a line may hold and still be written as it was read: no C0 control but tab and ESC (the newline
    // only separates lines), and so no \r either.
    private static readonly SearchValues<byte> NeedsCare = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31]);

    private readonly int _capacity = checked(Math.Max(1, maxLineLength) + 1);
    private readonly int _maxLineLength = Math.Max(1, maxLineLength);
    private byte[] _buffer = [];
    private int _length;
    private long _overflow;
    private int _trailingReturns;
    private bool _lineWrittenEarly;

    public int MaxLineLength => _maxLineLength;

    /// <summary>Newlines seen so far: a change tells that a read ended a line (so an unfinished one after it is new).</summary>
    public long LineEnds { get; private set; }

    /// <summary>True when bytes of an unfinished line are held (written at EOF).</summary>
    public bool HasPartialLine => _length > 0 || _overflow > 0;

    /// <summary>Bytes of the unfinished line held here (what a batch needs room for, beyond the next read).</summary>
    public int PartialLength => _length;

    /// <summary>
    /// True when <paramref name="read"/> is valid UTF-8 without a control byte other than tab, ESC and the
    /// newline: then every line that lies wholly inside it needs no <c>\r</c> handling and no sanitizing, which
    /// one vectorized pass over the whole read tells (a newline never falls inside a UTF-8 sequence).
    /// </summary>
    public static bool IsClean(ReadOnlySpan<byte> read) => read.IndexOfAny(NeedsCare) < 0 && Utf8.IsValid(read);

    /// <summary>
    /// Adds the lines <paramref name="data"/> completes to <paramref name="batch"/> and keeps an unfinished
    /// tail. Returns how many bytes were used: all of them, unless the batch filled up first (then post it
    /// and go on with the rest in a new one).
    /// </summary>
    /// <param name="clean"><see cref="IsClean"/> of the whole read <paramref name="data"/> is part of.</param>
    public int Split(ReadOnlySpan<byte> data, LineBatch batch, bool clean = false)
    {
        int used = 0;
        if (_lineWrittenEarly && !HasPartialLine)
        {
            // The newline (or \r\n) of a line already written as it stood ends that line, not an empty one.
            var end = data.TrimStart((byte)'\r');
            if (!end.IsEmpty && end[0] == (byte)'\n')
            {
                used = data.Length - end.Length + 1;
                LineEnds++;
            }

            if (!end.IsEmpty) _lineWrittenEarly = false;
        }
        while (used < data.Length)
        {
            var rest = data[used..];
            int newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(rest);
                return data.Length;
            }

            if (!batch.HasRoomFor((int)Math.Min((long)_length + newline, _maxLineLength))) return used;
            LineEnds++;
            if (HasPartialLine)
            {
                // A line of carriage returns alone is still a line once its newline comes (as when it
                // arrives in one read), unless it only follows a line already written as it stood.
                Append(rest[..newline]);
                TakeLine(batch, keepEmpty: !_lineWrittenEarly);
                _lineWrittenEarly = false;
            }
            else
            {
                AddWholeLine(rest[..newline], batch, clean);
            }
            used += newline + 1;
        }
        return used;
    }

    /// <summary>Keeps <paramref name="data"/>, which holds no newline, as part of the unfinished line.</summary>
    public void Carry(ReadOnlySpan<byte> data)
    {
        if (!data.TrimStart((byte)'\r').IsEmpty) _lineWrittenEarly = false;
        Append(data);
    }

    /// <summary>Writes the unfinished line now, as it stands (it waited too long); its newline, when it comes, adds no empty line.</summary>
    public void TakePendingLine(LineBatch batch)
    {
        TakeLine(batch);
        _lineWrittenEarly = true;
    }

    /// <summary>
    /// Adds the unfinished line (at EOF, or pending too long) to <paramref name="batch"/>, which needs room for
    /// <see cref="PartialLength"/> bytes; what comes next starts a new line. A tail of bare <c>\r</c> adds nothing.
    /// </summary>
    public void TakeLine(LineBatch batch) => TakeLine(batch, keepEmpty: false);

    private void TakeLine(LineBatch batch, bool keepEmpty)
    {
        int length = _length;
        long overflow = _overflow;
        long returns = Math.Min(_trailingReturns, overflow);
        overflow -= returns;
        length -= (int)Math.Min(_trailingReturns - returns, length);

        long content = length + overflow;
        if (content > 0 || keepEmpty)
        {
            int kept = content > _maxLineLength ? CutPoint(_buffer) : length;
            batch.Add(_buffer.AsSpan(0, kept), content - kept);
        }

        _length = 0;
        _overflow = 0;
        _trailingReturns = 0;
    }

    private void AddWholeLine(ReadOnlySpan<byte> line, LineBatch batch, bool clean)
    {
        if (!clean)
        {
            line = line.TrimEnd((byte)'\r');
            line = line[(line.LastIndexOf((byte)'\r') + 1)..];
        }
        // A cut at a sequence boundary leaves valid UTF-8 valid.
        int kept = line.Length > _maxLineLength ? CutPoint(line) : line.Length;
        batch.Add(line[..kept], line.Length - kept, clean);
    }

    /// <summary>
    /// Keeps a newline-free piece of the unfinished line. A <c>\r</c> followed by text (here, or by this piece
    /// when the last one ended in <c>\r</c>) sends the cursor back: what came before it is dropped.
    /// </summary>
    private void Append(ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty) return;
        var text = part.TrimEnd((byte)'\r');
        int lastReturn = text.LastIndexOf((byte)'\r');
        if (lastReturn >= 0)
        {
            Clear();
            part = part[(lastReturn + 1)..];
        }
        else if (!text.IsEmpty && _trailingReturns > 0)
        {
            Clear();
        }

        int returns = part.Length - part.TrimEnd((byte)'\r').Length;
        _trailingReturns = returns == part.Length ? _trailingReturns + returns : returns;
        int take = Math.Min(_capacity - _length, part.Length);
        if (take > 0)
        {
            EnsureBuffer(_length + take);
            part[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
        }
        _overflow += part.Length - take;
    }

    private void Clear()
    {
        _length = 0;
        _overflow = 0;
        _trailingReturns = 0;
    }

    private void EnsureBuffer(int needed)
    {
        if (needed <= _buffer.Length) return;
        int size = Math.Max(Math.Min(4096, _capacity), _buffer.Length);
        while (size < needed) size = (int)Math.Min((long)size * 2, _capacity);
        Array.Resize(ref _buffer, size);
    }

    // The line is longer than the limit, so it has at least _maxLineLength + 1 content bytes. Move the cut
    // back so it does not fall inside a UTF-8 sequence (at most 3 continuation bytes; more means invalid input).
    private int CutPoint(ReadOnlySpan<byte> line)
    {
        int cut = _maxLineLength;
        for (int i = 0; i < 3 && cut > 0 && IsContinuation(line[cut]); i++) cut--;
        return IsContinuation(line[cut]) ? _maxLineLength : cut;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
}
