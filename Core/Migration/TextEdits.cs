using System.Text;

namespace TurtleHarbor.Core.Migration;

/// <summary>
/// Edits to a text kept line by line, so that every line not edited stays byte for byte as it was (comments,
/// quoting, blank lines, CRLF): replacements of a span inside one line, a note appended to a line as a YAML comment,
/// and new lines inserted after a line.
/// </summary>
internal sealed class TextEdits
{
    private readonly string _text;
    private readonly int[] _lineStarts;
    private readonly List<(int Start, int End, string Text)> _replacements = [];
    private readonly Dictionary<int, List<string>> _notes = [];
    private readonly Dictionary<int, List<string>> _insertions = [];

    public TextEdits(string text)
    {
        _text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && i + 1 < text.Length)
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public bool IsEmpty => _replacements.Count == 0 && _insertions.Count == 0;

    /// <summary>The 0-based line that holds character <paramref name="index"/>.</summary>
    public int LineOf(int index)
    {
        var found = Array.BinarySearch(_lineStarts, index);
        return found >= 0 ? found : ~found - 1;
    }

    /// <summary>Line <paramref name="line"/> (0-based) without its line break.</summary>
    public string Line(int line) => Strip(RawLine(line));

    /// <summary>Replaces the characters [start, end), which must lie on one line, and notes why on that line.</summary>
    public void Replace(int start, int end, string text, string note)
    {
        _replacements.Add((start, end, text));
        Note(LineOf(start), note);
    }

    public void Note(int line, string note)
    {
        if (!_notes.TryGetValue(line, out var list))
        {
            _notes[line] = list = [];
        }

        list.Add(note);
    }

    /// <summary>Adds <paramref name="line"/> (without a line break) after line <paramref name="after"/>.</summary>
    public void InsertAfter(int after, string line)
    {
        if (!_insertions.TryGetValue(after, out var list))
        {
            _insertions[after] = list = [];
        }

        list.Add(line);
    }

    /// <summary>For each old line, the lines that replace it (the line itself when untouched, then any insertions).</summary>
    public IReadOnlyList<LineChange> Lines()
    {
        var result = new List<LineChange>(_lineStarts.Length);
        for (var line = 0; line < _lineStarts.Length; line++)
        {
            var raw = RawLine(line);
            var ending = raw[Strip(raw).Length..];
            var text = ApplyReplacements(line, Strip(raw));
            if (_notes.TryGetValue(line, out var notes))
            {
                text += "  " + ConfigMigrator.MigratedMark + " " + string.Join("; ", notes);
            }

            var lines = new List<string> { text };
            if (_insertions.TryGetValue(line, out var added))
            {
                lines.AddRange(added);
            }

            result.Add(new LineChange(Strip(raw), lines, ending.Length == 0 ? DetectEnding() : ending));
        }

        return result;
    }

    /// <summary>The whole edited text.</summary>
    public string Result()
    {
        var builder = new StringBuilder(_text.Length + 256);
        var lines = Lines();
        for (var i = 0; i < lines.Count; i++)
        {
            var last = i == lines.Count - 1;
            var endsWithBreak = !last || _text.EndsWith('\n');
            for (var j = 0; j < lines[i].New.Count; j++)
            {
                builder.Append(lines[i].New[j]);
                if (j < lines[i].New.Count - 1 || endsWithBreak)
                {
                    builder.Append(lines[i].Ending);
                }
            }
        }

        return builder.ToString();
    }

    private string ApplyReplacements(int line, string text)
    {
        var start = _lineStarts[line];
        foreach (var (from, to, replacement) in _replacements.Where(r => LineOf(r.Start) == line).OrderByDescending(r => r.Start))
        {
            text = string.Concat(text.AsSpan(0, from - start), replacement, text.AsSpan(to - start));
        }

        return text;
    }

    private string RawLine(int line)
    {
        var start = _lineStarts[line];
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : _text.Length;
        return _text[start..end];
    }

    private string DetectEnding() => _text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private static string Strip(string raw) => raw.TrimEnd('\n').TrimEnd('\r');
}

/// <summary>One old line and what replaces it; <see cref="Ending"/> is its line break.</summary>
internal sealed record LineChange(string Old, IReadOnlyList<string> New, string Ending)
{
    public bool Unchanged => New.Count == 1 && New[0] == Old;
}
