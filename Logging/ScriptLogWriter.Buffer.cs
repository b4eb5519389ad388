using System.Buffers;

namespace TurtleHarbor.Logging;

// The write buffer and the writes to the file: a full or due buffer goes out in one write, and a write
// that fails half way keeps its whole lines and counts only the others as lost.
internal sealed partial class ScriptLogWriter
{
    private void WriteLine(ReadOnlySpan<byte> formatted)
    {
        if (!EnsureOpen())
        {
            _lostLines++;
            return;
        }
        long size = _fileLength + _buffered;
        if (size > 0 && size + formatted.Length > _options.MaxFileSize)
        {
            // Never split a line across files: the whole line goes to the fresh file.
            RotateFile();
            if (!EnsureOpen())
            {
                _lostLines++;
                return;
            }
        }

        if (formatted.Length > BufferSize - _buffered) FlushBuffer();
        if (formatted.Length > BufferSize || _file is null)
        {
            TryWriteDirect(formatted, lines: 1);
            return;
        }
        EnsureBufferRoom(formatted.Length);
        formatted.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += formatted.Length;
        _bufferedLines++;
    }

    /// <summary>
    /// Starts small and grows to <see cref="BufferSize"/> only for a script that writes a lot: most
    /// writers only ever hold a few supervisor lines, and hundreds of them start at once.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_buffer))]
    private void EnsureBufferRoom(int length)
    {
        var needed = _buffered + length;
        if (_buffer is not null && _buffer.Length >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(BufferSize, Math.Max(needed, _buffer is null ? SmallBufferSize : _buffer.Length * 4)));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _buffered).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }

    private void FlushBuffer()
    {
        if (_buffered == 0) return;
        int length = _buffered, lines = _bufferedLines;
        _buffered = 0;
        _bufferedLines = 0;
        TryWriteDirect(_buffer!.AsSpan(0, length), lines);
    }

    private void TryWriteDirect(ReadOnlySpan<byte> bytes, int lines)
    {
        if (_file is null)
        {
            _lostLines += lines;
            return;
        }
        FollowPath();
        if (_file is null)
        {
            _lostLines += lines;
            return;
        }
        try
        {
            _file.Write(bytes);
            _fileLength += bytes.Length;
        }
        catch (Exception ex)
        {
            Fail(ex, lines - KeepWhatLanded(bytes));
        }
    }

    /// <summary>
    /// A write that fails half way (disk full) leaves a prefix in the file: keep its whole lines, cut a
    /// torn last line off, and return how many lines did land so only the others count as lost.
    /// </summary>
    private int KeepWhatLanded(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var landed = (int)Math.Clamp(_file!.Length - _fileLength, 0, bytes.Length);
            var whole = bytes[..landed].LastIndexOf((byte)'\n') + 1;
            if (landed > whole)
            {
                _file.SetLength(_fileLength + whole);
            }

            _fileLength += whole;
            return bytes[..whole].Count((byte)'\n');
        }
        catch (Exception)
        {
            // The file cannot even be measured: count the whole write as lost.
            return 0;
        }
    }
}
