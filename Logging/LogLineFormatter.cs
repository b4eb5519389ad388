using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace TurtleHarbor.Logging;

/// <summary>
/// Renders one script log line: <c>2026-02-09T12:00:00.123+01:00 [stdout] text\n</c> (CONTRACTS.md §6),
/// as UTF-8 with invalid input replaced by U+FFFD.
/// </summary>
internal static class LogLineFormatter
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    private static ReadOnlySpan<byte> Replacement => "\uFFFD"u8;

    /// <summary>An upper bound for the formatted size of a line whose content is <paramref name="contentLength"/> bytes.</summary>
    public static int MaxFormattedLength(int contentLength) => 128 + contentLength * 3;

    /// <summary>Writes the line into <paramref name="destination"/> (sized with <see cref="MaxFormattedLength"/>).</summary>
    public static int Format(Span<byte> destination, DateTimeOffset localTime, LogStream stream, ReadOnlySpan<byte> content, long droppedBytes) =>
        Format(destination, localTime, stream, content, droppedBytes, out _);

    /// <param name="textStart">Where the text after the stream label begins (for listeners that want the text alone).</param>
    public static int Format(Span<byte> destination, DateTimeOffset localTime, LogStream stream, ReadOnlySpan<byte> content, long droppedBytes, out int textStart)
    {
        Span<byte> timestamp = stackalloc byte[64];
        localTime.TryFormat(timestamp, out int length, TimestampFormat, CultureInfo.InvariantCulture);
        return Format(destination, timestamp[..length], stream, content, droppedBytes, out textStart);
    }

    /// <summary>The same with the timestamp already formatted (see <see cref="LogTimestamp"/>).</summary>
    /// <param name="clean">The content is known to need no sanitizing (<see cref="LogLineSplitter.IsClean"/>).</param>
    public static int Format(Span<byte> destination, ReadOnlySpan<byte> timestamp, LogStream stream, ReadOnlySpan<byte> content, long droppedBytes, out int textStart, bool clean = false)
    {
        int written = Append(destination, timestamp);
        written += Append(destination[written..], Label(stream));
        textStart = written;
        written += clean ? Append(destination[written..], content) : AppendSanitized(destination[written..], content);
        if (droppedBytes > 0)
        {
            written += Append(destination[written..], " \u2026[truncated "u8);
            droppedBytes.TryFormat(destination[written..], out int digits, default, CultureInfo.InvariantCulture);
            written += digits;
            written += Append(destination[written..], " bytes]"u8);
        }
        destination[written++] = (byte)'\n';
        return written;
    }

    private static ReadOnlySpan<byte> Label(LogStream stream) => stream switch
    {
        LogStream.Stdout => " [stdout] "u8,
        LogStream.Stderr => " [stderr] "u8,
        LogStream.Tty => " [tty] "u8,
        _ => " [th] "u8,
    };

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    /// <summary>
    /// Copies the text, with invalid UTF-8 and C0 control bytes other than tab and ESC (colours stay) as U+FFFD,
    /// so a log stays one line per entry and text for grep. Both checks are vectorized for the common clean line.
    /// </summary>
    private static int AppendSanitized(Span<byte> destination, ReadOnlySpan<byte> content)
    {
        if (!HasControl(content) && Utf8.IsValid(content)) return Append(destination, content);

        int written = 0;
        while (!content.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(content, out Rune rune, out int consumed) == System.Buffers.OperationStatus.Done && !IsReplacedControl(rune))
                written += rune.EncodeToUtf8(destination[written..]);
            else
                written += Append(destination[written..], Replacement);
            content = content[consumed..];
        }
        return written;
    }

    private static bool HasControl(ReadOnlySpan<byte> content)
    {
        int at = content.IndexOfAnyInRange((byte)0, (byte)0x1F);
        while (at >= 0)
        {
            if (content[at] is not ((byte)'\t' or 0x1B)) return true;
            content = content[(at + 1)..];
            at = content.IndexOfAnyInRange((byte)0, (byte)0x1F);
        }
        return false;
    }

    private static bool IsReplacedControl(Rune rune) => rune.Value < 0x20 && rune.Value is not ('\t' or 0x1B);
}
