using System.Buffers;

namespace TurtleHarbor.Logging;

/// <summary>
/// Splits a byte stream on <c>\n</c> into <see cref="CapturedLine"/>s. Keeps at most MaxLineLength + 1 bytes
/// of the current line (the extra byte may be a <c>\r</c> before the newline) and only counts the rest, so a
/// newline-free flood costs no memory. Not thread-safe: one per pump.
/// </summary>
internal sealed class LogLineSplitter(int maxLineLength)
{
    private readonly int _capacity = checked(Math.Max(1, maxLineLength) + 1);
    private readonly int _maxLineLength = Math.Max(1, maxLineLength);
    private byte[] _buffer = [];
    private int _length;
    private long _overflow;
    private byte _lastByte;

    /// <summary>True when bytes of an unfinished line are held (written at EOF).</summary>
    public bool HasPartialLine => _length > 0 || _overflow > 0;

    /// <summary>
    /// Takes bytes up to and including the next <c>\n</c>. Returns how many bytes were used; when
    /// <paramref name="lineComplete"/> is true, call <see cref="TakeLine"/> before consuming more.
    /// </summary>
    public int Consume(ReadOnlySpan<byte> data, out bool lineComplete)
    {
        int newline = data.IndexOf((byte)'\n');
        Append(newline < 0 ? data : data[..newline]);
        lineComplete = newline >= 0;
        return lineComplete ? newline + 1 : data.Length;
    }

    /// <summary>Hands out the current line (content in a pooled array, or none when empty) and starts a new one.</summary>
    public CapturedLine TakeLine(DateTimeOffset time, LogStream stream, bool fromPump)
    {
        int length = _length;
        long overflow = _overflow;
        if (_lastByte == (byte)'\r')
        {
            if (overflow > 0) overflow--;
            else length--;
        }

        long content = length + overflow;
        int kept = content > _maxLineLength ? CutPoint() : length;
        byte[]? bytes = null;
        if (kept > 0)
        {
            bytes = ArrayPool<byte>.Shared.Rent(kept);
            _buffer.AsSpan(0, kept).CopyTo(bytes);
        }

        _length = 0;
        _overflow = 0;
        _lastByte = 0;
        return new CapturedLine(time, stream, bytes, kept, content - kept, fromPump);
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty) return;
        _lastByte = part[^1];
        int take = Math.Min(_capacity - _length, part.Length);
        if (take > 0)
        {
            EnsureBuffer(_length + take);
            part[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
        }
        _overflow += part.Length - take;
    }

    private void EnsureBuffer(int needed)
    {
        if (needed <= _buffer.Length) return;
        int size = Math.Max(Math.Min(4096, _capacity), _buffer.Length);
        while (size < needed) size = (int)Math.Min((long)size * 2, _capacity);
        Array.Resize(ref _buffer, size);
    }

    // The line is longer than the limit, so _buffer holds _maxLineLength + 1 content bytes. Move the cut back
    // so it does not fall inside a UTF-8 sequence (at most 3 continuation bytes; more means invalid input).
    private int CutPoint()
    {
        int cut = _maxLineLength;
        for (int i = 0; i < 3 && cut > 0 && IsContinuation(_buffer[cut]); i++) cut--;
        return IsContinuation(_buffer[cut]) ? _maxLineLength : cut;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
}
