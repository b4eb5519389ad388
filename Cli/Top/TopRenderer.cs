using System.Globalization;
using System.Text;

namespace TurtleHarbor.Cli.Top;

/// <summary>
/// Turns a <see cref="TopView"/> and the terminal's size into exactly <c>height</c> lines, none wider than
/// <c>width</c> characters on screen (colour sequences do not count). Pure: the same view and size give the same lines.
/// Without colour the selected row is marked with "&gt;" alone; with colour it is also shown in reverse video.
/// </summary>
internal static partial class TopRenderer
{
    public const string KeyHelp = "↑/↓ j/k select   r restart   s stop/start   l logs   q quit";
    public const string LogsHelp = "q back to the table";
    private const string Gap = "  ";
    private const string Ellipsis = "…";

    /// <summary>Narrowest widths the name and status columns are squeezed to before columns are cut from the right.</summary>
    private const int MinName = 8;
    private const int MinStatus = 10;

    public static IReadOnlyList<string> Render(TopView view, int width, int height, bool color, TimeZoneInfo zone)
    {
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);
        var lines = new List<string>(height);
        var clock = TimeZoneInfo.ConvertTime(view.Now, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var heading = view.LogsOf is { } script
            ? $"th top › logs of {script}"
            : $"th top   {view.Scripts.Length} script{(view.Scripts.Length == 1 ? "" : "s")}   {view.Title}";
        var headingLine = width >= clock.Length + 12
            ? Fit(heading, width - clock.Length - 1).PadRight(width - clock.Length - 1) + " " + clock
            : Fit(heading, width);
        lines.Add(Styled(headingLine, width, color ? "1" : null));

        var body = Math.Max(0, height - 2);
        if (view.LogsOf is not null)
        {
            var logLines = view.LogLines.IsDefault ? [] : view.LogLines;
            foreach (var line in logLines.Skip(Math.Max(0, logLines.Length - body)))
            {
                lines.Add(Fit(line, width));
            }
        }
        else
        {
            lines.AddRange(Table(view, width, body, color, zone));
        }

        while (lines.Count < height - 1)
        {
            lines.Add("");
        }

        if (height > 1)
        {
            var footer = view.Message ?? (view.LogsOf is null ? KeyHelp : LogsHelp);
            lines.Add(Styled(Fit(footer, width), width, color && view.Message is not null ? "7" : null));
        }

        return lines.Count > height ? lines[..height] : lines;
    }

    private static IEnumerable<string> Table(TopView view, int width, int rows, bool color, TimeZoneInfo zone)
    {
        if (rows == 0)
        {
            yield break;
        }

        var cells = view.Scripts.Select(s => TopCells.Of(s, zone)).ToList();
        var widths = ColumnWidths(cells, width);
        yield return Styled(Line("  ", TopCells.Headers, widths, width), width, color ? "1" : null);
        if (cells.Count == 0)
        {
            if (rows > 1)
            {
                yield return Fit("  (no scripts)", width);
            }

            yield break;
        }

        var selected = Math.Clamp(view.Selected, 0, cells.Count - 1);
        var visible = rows - 1;
        // Scrolled so that the selected row is always on screen.
        var first = Math.Clamp(selected - visible + 1, 0, Math.Max(0, cells.Count - visible));
        for (var i = first; i < cells.Count && i < first + visible; i++)
        {
            var isSelected = i == selected;
            var text = Line(isSelected ? "> " : "  ", cells[i], widths, width);
            if (!color)
            {
                yield return text;
            }
            else if (isSelected)
            {
                yield return Styled(text, width, "7");
            }
            else
            {
                yield return Colored(text, cells[i], widths, view.Scripts[i]);
            }
        }
    }

    /// <summary>
    /// Each column as wide as its widest cell; when that is wider than the screen, the name and then the
    /// status column give way to their minimum, then columns are dropped from the right (width 0).
    /// </summary>
    internal static int[] ColumnWidths(IReadOnlyList<string[]> cells, int width)
    {
        var widths = TopCells.Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        int Total() => 2 + widths.Where(w => w > 0).Sum() + Gap.Length * Math.Max(0, widths.Count(w => w > 0) - 1);
        var over = Total() - width;
        foreach (var (column, minimum) in new[] { (0, MinName), (1, MinStatus) })
        {
            if (over <= 0)
            {
                break;
            }

            var give = Math.Min(over, Math.Max(0, widths[column] - minimum));
            widths[column] -= give;
            over -= give;
        }

        for (var column = widths.Length - 1; column > 1 && Total() > width; column--)
        {
            widths[column] = 0;
        }

        return widths;
    }

    private static string Line(string marker, string[] cells, int[] widths, int width)
    {
        var line = new StringBuilder(marker);
        var first = true;
        for (var i = 0; i < cells.Length; i++)
        {
            if (widths[i] == 0)
            {
                continue;
            }

            if (!first)
            {
                line.Append(Gap);
            }

            first = false;
            var text = Fit(cells[i], widths[i]);
            line.Append(TopCells.RightAligned[i] ? text.PadLeft(widths[i]) : text.PadRight(widths[i]));
        }

        return Fit(line.ToString().TrimEnd(), width);
    }

    /// <summary>A plain row with its status and health cells coloured; the same characters as <see cref="Line"/>.</summary>
    private static string Colored(string plain, string[] cells, int[] widths, Core.Supervision.ScriptSnapshot row)
    {
        var colors = new[] { (1, TopCells.StatusColor(row.Status)), (2, TopCells.HealthColor(row.Health)) };
        var result = plain;
        // From the right, so earlier offsets stay valid.
        foreach (var (column, code) in colors.Reverse())
        {
            if (code is null || widths[column] == 0)
            {
                continue;
            }

            var start = 2 + Enumerable.Range(0, column).Where(c => widths[c] > 0).Sum(c => widths[c] + Gap.Length);
            var length = Math.Min(Fit(cells[column], widths[column]).Length, Math.Max(0, result.Length - start));
            if (length <= 0)
            {
                continue;
            }

            result = $"{result[..start]}\u001b[{code}m{result.Substring(start, length)}\u001b[0m{result[(start + length)..]}";
        }

        return result;
    }

    /// <summary>The whole line padded to the screen's width in one SGR style (bold, reverse ...), or as is without one.</summary>
    private static string Styled(string text, int width, string? sgr) =>
        sgr is null ? text : $"\u001b[{sgr}m{text.PadRight(width)}\u001b[0m";

    /// <summary>At most <paramref name="width"/> characters; a cut text ends with "…".</summary>
    internal static string Fit(string text, int width)
    {
        text = Printable(text);
        if (width <= 0)
        {
            return "";
        }

        return text.Length <= width ? text : text[..(width - 1)] + Ellipsis;
    }

    /// <summary>
    /// A script's text as one screen line: its colour and cursor sequences (logs keep ESC) removed, so they cannot
    /// move the cursor or bleed into the next row; other control characters as "?", tabs as a space.
    /// </summary>
    internal static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var plain = AnsiSequence().Replace(text, "");
        var result = new StringBuilder(plain.Length);
        foreach (var c in plain)
        {
            result.Append(c == '\t' ? ' ' : char.IsControl(c) ? '?' : c);
        }

        return result.ToString();
    }

    // CSI (ESC [ ... final byte) and two-byte escapes (ESC followed by one character).
    [System.Text.RegularExpressions.GeneratedRegex("\u001b(\\[[0-9;?]*[ -/]*[@-~]|[^\\[])?")]
    private static partial System.Text.RegularExpressions.Regex AnsiSequence();
}
