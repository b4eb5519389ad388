using SharpYaml;
using SharpYaml.Events;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// A schema-free pass over the parser's events: it reports YAML syntax errors and duplicate keys (which the
/// serializer would stop at or hide), and remembers where every node and key is, by position and by path.
/// </summary>
internal sealed class YamlOutline
{
    private const char PathSeparator = '\u001F';
    private const string PathSeparatorText = "\u001F";

    /// <summary>scripts.yml needs 4 levels; far deeper nesting is hostile or broken, and costs stack and memory.</summary>
    public const int MaxDepth = 32;

    private readonly Dictionary<int, Node> _nodesByStart = [];
    private readonly Dictionary<string, Node> _keysByPath = [];
    private readonly Dictionary<string, Node> _valuesByPath = [];

    /// <summary>The keys of each mapping path (joined), in file order, first of duplicates only: KeysUnder without a scan of every key.</summary>
    private readonly Dictionary<string, List<Node>> _keysByParent = [];

    private YamlOutline()
    {
    }

    internal enum NodeKind
    {
        Scalar,
        Mapping,
        Sequence,
        Alias,
    }

    /// <summary>Reads <paramref name="yaml"/>; null when it is not valid YAML (the syntax error is in <paramref name="problems"/>).</summary>
    public static YamlOutline? Read(string yaml, ConfigProblemList problems)
    {
        var outline = new YamlOutline();
        var walker = new Walker(outline, problems);
        try
        {
            var parser = Parser.CreateParser(new StringReader(yaml));
            var depth = 0;
            while (parser.MoveNext())
            {
                depth += parser.Current switch { MappingStart or SequenceStart => 1, MappingEnd or SequenceEnd => -1, _ => 0 };
                if (depth > MaxDepth)
                {
                    problems.Add(parser.Current!.Start, $"nested deeper than {MaxDepth} levels");
                    return null;
                }

                walker.On(parser.Current!);
            }

            return outline;
        }
        catch (YamlException e)
        {
            problems.Add(e.Start, $"YAML syntax error: {YamlMessages.WithoutPosition(e)}");
            return null;
        }
    }

    /// <summary>
    /// Whether the file needs <see cref="YamlExpander"/>'s pass before the serializer may read it: it has an anchor, an
    /// alias, a merge key (<c>&lt;&lt;</c>), a top-level <c>x-</c> key, a key that is not a scalar, or a root that is not a
    /// mapping. A file with none of these reads the same with or without that pass.
    /// </summary>
    public bool NeedsExpanding { get; private set; }

    /// <summary>The node that starts at <paramref name="index"/>; where a block mapping and its first key both start, the key.</summary>
    public Node? NodeAt(int index) => _nodesByStart.GetValueOrDefault(index);

    /// <summary>The key node at a path such as <c>["scripts", "web", "command"]</c>.</summary>
    public Node? KeyAt(params ReadOnlySpan<string> path) => _keysByPath.GetValueOrDefault(string.Join(PathSeparator, path));

    /// <summary>The value node of the key at a path such as <c>["scripts", "web", "cron"]</c>; of duplicates, the first.</summary>
    public Node? ValueAt(params ReadOnlySpan<string> path) => _valuesByPath.GetValueOrDefault(string.Join(PathSeparator, path));

    /// <summary>The keys of the mapping at <paramref name="path"/>, in file order; of duplicates, only the first.</summary>
    public IEnumerable<Node> KeysUnder(params ReadOnlySpan<string> path) =>
        _keysByParent.TryGetValue(string.Join(PathSeparator, path), out var keys) ? keys : [];

    /// <summary>Says where a path is, for messages: "in script 'web'", "in settings.log".</summary>
    public static string Describe(IReadOnlyList<string> path) => path switch
    {
        [] => "at the top level",
        [ConfigFileSection.ScriptsKey, var name] => $"in script '{name}'",
        _ => $"in {string.Join('.', path)}",
    };

    /// <param name="parentPathKey">For a key: the path key of the mapping that holds it.</param>
    private void Record(Node node, string? parentPathKey)
    {
        // A block mapping starts where its first key starts; the key is the more useful node there.
        if (!_nodesByStart.TryGetValue(node.Start.Index, out var existing) || existing.Kind == NodeKind.Mapping)
        {
            _nodesByStart[node.Start.Index] = node;
        }

        if (node.IsKey && node.Kind == NodeKind.Scalar)
        {
            if (_keysByPath.TryAdd(node.PathKey, node))
            {
                // Events come in file order, so each list is in file order.
                var parent = parentPathKey ?? "";
                if (!_keysByParent.TryGetValue(parent, out var keys))
                {
                    _keysByParent[parent] = keys = [];
                }

                keys.Add(node);
            }
        }
        else if (!node.IsKey)
        {
            // The first non-key node at a path is the value itself; a sequence's items share its path and come later.
            _valuesByPath.TryAdd(node.PathKey, node);
        }
    }

    /// <summary>One node. <see cref="Path"/> is the keys leading to it (for a key: including itself).</summary>
    internal sealed record Node(NodeKind Kind, bool IsKey, string[] Path, Mark Start, string? Text)
    {
        /// <summary>Index just past the node's text; set when the node ends.</summary>
        public int End { get; set; }

        /// <summary><see cref="Path"/> joined by the separator, the key of the outline's look-ups (built once, from the parent's).</summary>
        public string PathKey { get; init; } = "";
    }

    private sealed class Walker(YamlOutline outline, ConfigProblemList problems)
    {
        private readonly Stack<Frame> _frames = new();
        private int _documents;

        public void On(ParsingEvent e)
        {
            if (e is NodeEvent { Anchor: not null } or AnchorAlias)
            {
                outline.NeedsExpanding = true;
            }

            switch (e)
            {
                case DocumentStart when ++_documents == 2:
                    problems.Add(e.Start, "only one YAML document is allowed (remove the second '---')");
                    break;
                case Scalar s:
                    OnNode(NodeKind.Scalar, s.Start, s.Value).End = s.End.Index;
                    break;
                case AnchorAlias a:
                    OnNode(NodeKind.Alias, a.Start, a.Value).End = a.End.Index;
                    break;
                case MappingStart m:
                    _frames.Push(new Frame(OnNode(NodeKind.Mapping, m.Start, null), m.Style == YamlStyle.Flow, IsMapping: true));
                    break;
                case SequenceStart q:
                    _frames.Push(new Frame(OnNode(NodeKind.Sequence, q.Start, null), q.Style == YamlStyle.Flow, IsMapping: false));
                    break;
                case MappingEnd or SequenceEnd:
                    var frame = _frames.Pop();

                    // A flow collection's end event sits on its closing bracket; a block one's on the next token.
                    frame.Node.End = frame.IsFlow ? e.Start.Index + 1 : e.Start.Index;
                    break;
            }
        }

        private Node OnNode(NodeKind kind, Mark start, string? text)
        {
            if (!_frames.TryPeek(out var parent))
            {
                outline.NeedsExpanding |= kind != NodeKind.Mapping;
                return Add(new Node(kind, false, [], start, text));
            }

            if (!parent.IsMapping)
            {
                return Add(new Node(kind, false, parent.Node.Path, start, text) { PathKey = parent.Node.PathKey });
            }

            if (parent.ExpectKey)
            {
                parent.ExpectKey = false;
                outline.NeedsExpanding |= kind != NodeKind.Scalar || text == "<<"
                    || (parent.Node.Path.Length == 0 && text!.StartsWith("x-", StringComparison.Ordinal));
                var segment = text ?? "?";
                var pathKey = parent.Node.Path.Length == 0 ? segment : string.Concat(parent.Node.PathKey, PathSeparatorText, segment);
                var key = Add(new Node(kind, true, [.. parent.Node.Path, segment], start, text) { PathKey = pathKey }, parent.Node.PathKey);
                parent.CurrentKey = key;
                if (kind == NodeKind.Scalar)
                {
                    CheckDuplicate(parent, key);
                }

                return key;
            }

            // The value's path is its key's (a key that is not a scalar has the text "?" in both).
            parent.ExpectKey = true;
            var ofKey = parent.CurrentKey!;
            return Add(new Node(kind, false, ofKey.Path, start, text) { PathKey = ofKey.PathKey });
        }

        private void CheckDuplicate(Frame parent, Node key)
        {
            if (parent.Seen.TryAdd(key.Text!, key.Start))
            {
                return;
            }

            var first = parent.Seen[key.Text!].Line + 1;
            var what = parent.Node.Path is [ConfigFileSection.ScriptsKey] ? "script name" : "key";
            problems.Add(key.Start, $"duplicate {what} '{key.Text}' {Describe(parent.Node.Path)} (first defined on line {first})");
        }

        private Node Add(Node node, string? parentPathKey = null)
        {
            outline.Record(node, parentPathKey);
            return node;
        }
    }

    private sealed record Frame(Node Node, bool IsFlow, bool IsMapping)
    {
        public bool ExpectKey { get; set; } = true;

        public Node? CurrentKey { get; set; }

        public Dictionary<string, Mark> Seen { get; } = new(StringComparer.Ordinal);
    }
}
