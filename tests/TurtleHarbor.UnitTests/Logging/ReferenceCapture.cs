using System.Text;

namespace TurtleHarbor.Tests.Logging;

/// <summary>
/// CONTRACTS.md §6 read as plainly as possible, for the fuzz tests to hold the fast path against: the whole
/// stream at once, split on <c>\n</c>, each line as a terminal shows it, cut at the limit on a character
/// boundary, then invalid UTF-8 and C0 controls (but tab and ESC) as U+FFFD. No batching, no carried state.
/// </summary>
internal static class ReferenceCapture
{
    public static string Format(byte[] stream, int maxLineLength, byte[] timestamp, string label)
    {
        var output = new StringBuilder();
        var pieces = Split(stream);
        for (int i = 0; i < pieces.Count; i++)
        {
            var (line, terminated) = pieces[i];
            var shown = AsTerminalShows(line);
            // An unterminated last piece that is only carriage returns (or nothing) is no line at all.
            if (!terminated && shown.Length == 0) continue;

            int max = Math.Max(1, maxLineLength);
            int kept = shown.Length > max ? CutPoint(shown, max) : shown.Length;
            output.Append(Encoding.UTF8.GetString(timestamp)).Append(" [").Append(label).Append("] ");
            output.Append(Sanitize(shown[..kept]));
            if (kept < shown.Length) output.Append($" …[truncated {shown.Length - kept} bytes]");
            output.Append('\n');
        }
        return output.ToString();
    }

    private static List<(byte[] Line, bool Terminated)> Split(byte[] stream)
    {
        var pieces = new List<(byte[], bool)>();
        int start = 0;
        for (int i = 0; i < stream.Length; i++)
        {
            if (stream[i] != (byte)'\n') continue;
            pieces.Add((stream[start..i], true));
            start = i + 1;
        }
        if (start < stream.Length) pieces.Add((stream[start..], false));
        return pieces;
    }

    /// <summary>Carriage returns before the end go; of the rest, only the text after the last one shows.</summary>
    private static byte[] AsTerminalShows(byte[] line)
    {
        int end = line.Length;
        while (end > 0 && line[end - 1] == (byte)'\r') end--;
        int start = Array.LastIndexOf(line, (byte)'\r', Math.Max(0, end - 1), end) + 1;
        return line[start..end];
    }

    /// <summary>The limit, moved back (at most 3 bytes) so it does not split a UTF-8 sequence.</summary>
    private static int CutPoint(byte[] line, int max)
    {
        for (int cut = max; cut >= max - 3 && cut >= 0; cut--)
        {
            if ((line[cut] & 0xC0) != 0x80) return cut;
        }
        return max;
    }

    private static string Sanitize(byte[] bytes)
    {
        var text = new StringBuilder(Encoding.UTF8.GetString(bytes));
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] < 0x20 && text[i] is not ('\t' or '\u001B')) text[i] = '\uFFFD';
        }
        return text.ToString();
    }
}
