namespace TurtleHarbor.Cli;

/// <summary>An aligned plain-text table, as <c>docker ps</c> prints it; colour codes do not count toward widths.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<(string Text, string? Color)[]> _rows = [];

    public void Add(params (string Text, string? Color)[] cells) => _rows.Add(cells);

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(c => (c, (string?)null))]);

    public void WriteTo(TextWriter output, bool color)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }

        WriteRow(output, [.. headers.Select(h => (h, (string?)null))], widths, false);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths, color);
        }
    }

    private static void WriteRow(TextWriter output, (string Text, string? Color)[] cells, int[] widths, bool color)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var (text, code) = cells[i];
            var last = i == cells.Length - 1;
            var padded = last ? text : text.PadRight(widths[i]);
            output.Write(color && code is not null ? $"\u001b[{code}m{text}\u001b[0m{padded[text.Length..]}" : padded);
            if (!last)
            {
                output.Write("   ");
            }
        }

        output.WriteLine();
    }
}
