using System.Text;

namespace TurtleHarbor.Core.Migration;

/// <summary>Formats line changes as a unified diff (GNU diffutils' format, 3 lines of context) that <c>patch</c> applies.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Format(string oldLabel, string newLabel, IReadOnlyList<LineChange> lines)
    {
        var ops = new List<(char Kind, string Text)>();
        foreach (var line in lines)
        {
            if (line.New.Count > 0 && line.New[0] == line.Old)
            {
                ops.Add((' ', line.Old));
                ops.AddRange(line.New.Skip(1).Select(n => ('+', n)));
            }
            else
            {
                ops.Add(('-', line.Old));
                ops.AddRange(line.New.Select(n => ('+', n)));
            }
        }

        var builder = new StringBuilder();
        builder.Append("--- ").Append(oldLabel).Append('\n');
        builder.Append("+++ ").Append(newLabel).Append('\n');
        var changed = Enumerable.Range(0, ops.Count).Where(i => ops[i].Kind != ' ').ToList();
        var next = 0;
        while (next < changed.Count)
        {
            var from = Math.Max(0, changed[next] - Context);
            var to = Math.Min(ops.Count, changed[next] + Context + 1);
            while (++next < changed.Count && changed[next] - Context <= to)
            {
                to = Math.Min(ops.Count, changed[next] + Context + 1);
            }

            AppendHunk(builder, ops, from, to);
        }

        return builder.ToString();
    }

    private static void AppendHunk(StringBuilder builder, List<(char Kind, string Text)> ops, int from, int to)
    {
        var oldStart = ops.Take(from).Count(o => o.Kind != '+') + 1;
        var newStart = ops.Take(from).Count(o => o.Kind != '-') + 1;
        var hunk = ops.Skip(from).Take(to - from).ToList();
        var oldCount = hunk.Count(o => o.Kind != '+');
        var newCount = hunk.Count(o => o.Kind != '-');
        builder.Append($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
        foreach (var (kind, text) in hunk)
        {
            builder.Append(kind).Append(text).Append('\n');
        }
    }

    // diffutils writes an empty range as the line before it, and a range of one without its count.
    private static string Range(int start, int count) => count switch
    {
        0 => $"{start - 1},0",
        1 => $"{start}",
        _ => $"{start},{count}",
    };
}
