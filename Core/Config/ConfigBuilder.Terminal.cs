using System.Globalization;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Config;

// tty: true and tty_size: COLSxROWS (CONTRACTS.md §2).
internal sealed partial class ConfigBuilder
{
    private TerminalSize? BuildTerminal(ScriptSection section)
    {
        var tty = _values.Boolean(section.Tty, "tty") ?? false;
        var sizeText = _values.Text(section.TtySize, "tty_size");
        TerminalSize? size = null;
        if (sizeText is not null)
        {
            size = ParseTerminalSize(sizeText);
            if (size is null)
            {
                problems.Add(YamlValueReader.StartOf(section.TtySize!), $"'tty_size' must be COLUMNSxROWS between 1x1 and 1000x1000 (e.g. 120x40), found '{sizeText}'");
            }
            else if (!tty)
            {
                problems.Add(YamlValueReader.StartOf(section.TtySize!), "'tty_size' needs 'tty: true'");
            }
        }

        return tty ? size ?? TerminalSize.Default : null;
    }

    private static TerminalSize? ParseTerminalSize(string text)
    {
        var parts = text.Trim().Split('x');
        return parts.Length == 2
            && ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var columns)
            && ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            && columns is >= 1 and <= 1000 && rows is >= 1 and <= 1000
            ? new TerminalSize(columns, rows)
            : null;
    }
}
