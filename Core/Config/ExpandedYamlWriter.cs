using System.Globalization;
using System.Text;
using SharpYaml;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Writes a resolved <see cref="YamlTreeNode"/> back as plain block YAML without anchors, aliases or merge keys, for
/// the generated serializer (which reads text) and the outline. Every scalar but a null is double-quoted, so that
/// the text reads back as the same strings; the <see cref="PositionMap"/> leads each node back to the user's file.
/// </summary>
internal static class ExpandedYamlWriter
{
    public static (string Text, PositionMap Map) Write(YamlTreeNode root)
    {
        var text = new StringBuilder();
        var map = new PositionMap();
        if (IsInline(root))
        {
            WriteInline(root, text, map);
        }
        else
        {
            WriteBlock(root, 0, text, map);
        }

        text.Append('\n');
        return (text.ToString(), map);
    }

    private static bool IsInline(YamlTreeNode node) => node switch
    {
        YamlTreeMapping m => m.Entries.Count == 0,
        YamlTreeSequence s => s.Items.Count == 0,
        _ => true,
    };

    private static void WriteBlock(YamlTreeNode node, int indent, StringBuilder text, PositionMap map)
    {
        var first = true;
        if (node is YamlTreeMapping mapping)
        {
            foreach (var (key, value) in mapping.Entries)
            {
                NewLine(text, indent);
                if (first)
                {
                    map.Add(text.Length, mapping.Start);
                }

                WriteInline(key, text, map);
                text.Append(':');
                WriteChild(value, indent, text, map);
                first = false;
            }
        }
        else if (node is YamlTreeSequence sequence)
        {
            foreach (var item in sequence.Items)
            {
                NewLine(text, indent);
                if (first)
                {
                    map.Add(text.Length, sequence.Start);
                }

                text.Append('-');
                WriteChild(item, indent, text, map);
                first = false;
            }
        }
    }

    private static void NewLine(StringBuilder text, int indent)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }

        text.Append(' ', indent);
    }

    private static void WriteChild(YamlTreeNode value, int indent, StringBuilder text, PositionMap map)
    {
        if (IsInline(value))
        {
            text.Append(' ');
            WriteInline(value, text, map);
        }
        else
        {
            text.Append('\n');
            WriteBlock(value, indent + 2, text, map);
        }
    }

    private static void WriteInline(YamlTreeNode node, StringBuilder text, PositionMap map)
    {
        map.Add(text.Length, node.Start);
        switch (node)
        {
            case YamlTreeMapping:
                text.Append("{}");
                break;
            case YamlTreeSequence:
                text.Append("[]");
                break;
            case YamlTreeScalar { IsNull: true }:
                text.Append('~');
                break;
            case YamlTreeScalar scalar:
                AppendQuoted(scalar.Value, text);
                break;
        }
    }

    private static void AppendQuoted(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case < ' ' or (>= '\u007F' and <= '\u009F') or '\u2028' or '\u2029' or '\uFEFF':
                    text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
