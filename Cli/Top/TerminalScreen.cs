using System.Text;

namespace TurtleHarbor.Cli.Top;

/// <summary>
/// The xterm sequences <c>th top</c> draws with (ECMA-48 and xterm's private modes): the alternate screen
/// (1049: saves the shell's screen and gives it back on leaving), a hidden cursor, and whole-frame
/// repaints from the top left, each line cleared to its end.
/// </summary>
internal static class TerminalScreen
{
    public const string Enter = "\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J";
    public const string Leave = "\u001b[0m\u001b[?25h\u001b[?1049l";

    /// <summary>One frame: home, each line then erase-to-end-of-line, then erase below.</summary>
    public static string Frame(IReadOnlyList<string> lines, bool clearFirst)
    {
        var frame = new StringBuilder(clearFirst ? "\u001b[H\u001b[2J" : "\u001b[H");
        for (var i = 0; i < lines.Count; i++)
        {
            frame.Append(lines[i]).Append("\u001b[K");
            if (i < lines.Count - 1)
            {
                frame.Append("\r\n");
            }
        }

        return frame.Append("\u001b[J").ToString();
    }
}
