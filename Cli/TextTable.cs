namespace TurtleHarbor.Cli;

/// <summary>An aligned plain-text table, as <c>docker ps</c> prints it; colour codes do not count toward widths.</summary>
internal sealed class TextTable(params string[] headers)
{
    /// <summary>Padding is written from this in slices: a padded copy of every cell cost 10,000 rows x 9 strings in th ps.</summary>
    private const string Spaces = "                                                                ";

    private const string Gap = "   ";

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
            if (color && code is not null)
            {
                output.Write("\u001b[");
                output.Write(code);
                output.Write('m');
                output.Write(text);
                output.Write("\u001b[0m");
            }
            else
            {
                output.Write(text);
            }

            if (i < cells.Length - 1)
            {
                WriteSpaces(output, (i < widths.Length ? widths[i] - text.Length : 0) + Gap.Length);
            }
        }

        output.WriteLine();
    }

    private static void WriteSpaces(TextWriter output, int count)
    {
        for (; count > 0; count -= Spaces.Length)
        {
            output.Write(Spaces.AsSpan(0, Math.Min(count, Spaces.Length)));
        }
    }
}
