using System.Buffers;
using System.Text;

namespace TurtleHarbor.Logging;

/// <summary>
/// The last lines of a script log for <c>th logs -n N</c>: reads backwards from the end of <c>name.log</c> in
/// blocks and goes on into <c>name.log.1</c>, <c>name.log.2</c> ... while it has fewer than N lines, so the
/// cost depends on N and the line length, never on the file size.
/// </summary>
internal static class LogTail
{
    private const int BlockSize = 64 * 1024;

    /// <summary>
    /// The first read from the end is sized for the lines asked for (at this many bytes a line, at least 4 KiB):
    /// th logs -n 100 of 100 scripts reads about 16 KiB of each, not 64 KiB. Longer lines just take another read.
    /// </summary>
    private const int FirstBlockBytesPerLine = 160;

    /// <summary>Returns up to <paramref name="count"/> lines, oldest first, without their newline; none for a missing file.</summary>
    public static IReadOnlyList<string> ReadLastLines(string path, int count, int maxFiles) =>
        ReadLastLines(path, count, maxFiles, OpenForReading);

    /// <param name="open">Opens a file for reading, or returns null when it does not exist (a seam for tests).</param>
    internal static IReadOnlyList<string> ReadLastLines(string path, int count, int maxFiles, Func<string, Stream?> open)
    {
        var newestFirst = new List<string>();
        for (int i = 0; i < Math.Max(1, maxFiles) && newestFirst.Count < count; i++)
        {
            using var stream = open(LogRotation.RotatedPath(path, i));
            if (stream is not null) ReadBackwards(stream, count, newestFirst);
        }
        newestFirst.Reverse();
        return newestFirst;
    }

    private static void ReadBackwards(Stream stream, int count, List<string> newestFirst)
    {
        long position = stream.Length;
        if (position == 0) return;

        var block = ArrayPool<byte>.Shared.Rent((int)Math.Min(BlockSize, position));
        try
        {
            ReadBackwards(stream, position, block, count, newestFirst);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private static void ReadBackwards(Stream stream, long position, byte[] block, int count, List<string> newestFirst)
    {
        var line = new ReversedLineBuffer();
        bool atEnd = true;
        int want = (int)Math.Clamp((long)count * FirstBlockBytesPerLine, 4096, BlockSize);
        while (position > 0)
        {
            int size = (int)Math.Min(Math.Min(want, block.Length), position);
            want = BlockSize;
            position -= size;
            stream.Position = position;
            stream.ReadExactly(block, 0, size);

            var span = block.AsSpan(0, size);
            if (atEnd)
            {
                // The newline that ends the last line does not start another one.
                atEnd = false;
                if (span[^1] == (byte)'\n') span = span[..^1];
            }

            int newline;
            while ((newline = span.LastIndexOf((byte)'\n')) >= 0)
            {
                line.Prepend(span[(newline + 1)..]);
                newestFirst.Add(line.TakeString());
                if (newestFirst.Count >= count) return;
                span = span[..newline];
            }
            line.Prepend(span);
        }
        newestFirst.Add(line.TakeString());
    }

    private static Stream? OpenForReading(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // Collects a line from its end towards its start: the bytes sit at the end of the array, so prepending
    // a block is one copy and growth is amortised.
    private sealed class ReversedLineBuffer
    {
        private byte[] _bytes = new byte[256];
        private int _start = 256;

        public void Prepend(ReadOnlySpan<byte> part)
        {
            if (part.Length > _start)
            {
                int used = _bytes.Length - _start;
                int size = Math.Max(_bytes.Length * 2, used + part.Length);
                var bigger = new byte[size];
                _bytes.AsSpan(_start).CopyTo(bigger.AsSpan(size - used));
                _bytes = bigger;
                _start = size - used;
            }
            _start -= part.Length;
            part.CopyTo(_bytes.AsSpan(_start));
        }

        public string TakeString()
        {
            string text = Encoding.UTF8.GetString(_bytes.AsSpan(_start));
            _start = _bytes.Length;
            return text;
        }
    }
}
