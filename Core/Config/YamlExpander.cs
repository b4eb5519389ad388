using SharpYaml;
using SharpYaml.Events;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// Reads scripts.yml into a <see cref="YamlTreeNode"/> over the parser's events, resolving anchors (<c>&amp;a</c>),
/// aliases (<c>*a</c>) and YAML 1.1 merge keys (<c>&lt;&lt;: *a</c>, <c>&lt;&lt;: [*a, *b]</c>, as compose does), dropping
/// top-level <c>x-</c> keys, and reporting syntax errors and duplicate keys. The size after expansion is counted as
/// each event arrives and the read stops at the first event past a bound, so a "billion laughs" file costs what
/// its bytes cost, never what it would expand to.
/// </summary>
internal sealed class YamlExpander
{
    /// <summary>scripts.yml needs a few hundred nodes; this is far beyond any real one.</summary>
    public const int MaxNodes = 10_000;

    /// <summary>Scalar text after expansion; four times the largest file.</summary>
    public const long MaxCharacters = 4L * ConfigFileReader.MaxBytes;

    /// <summary>scripts.yml needs 4 levels; far deeper nesting is hostile or broken, and costs stack and memory.</summary>
    public const int MaxDepth = 32;

    private const string MergeKey = "<<";

    private readonly ConfigProblemList _problems;
    private readonly Dictionary<string, YamlTreeNode> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openAnchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _frames = new();
    private YamlTreeNode? _root;
    private long _nodes;
    private long _characters;
    private int _documents;

    private YamlExpander(ConfigProblemList problems) => _problems = problems;

    /// <summary>The document, or null when it cannot be read (the reason is in <paramref name="problems"/>).</summary>
    public static YamlTreeNode? Read(string yaml, ConfigProblemList problems)
    {
        var expander = new YamlExpander(problems);
        try
        {
            var parser = Parser.CreateParser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                if (!expander.On(parser.Current!))
                {
                    return null;
                }
            }
        }
        catch (YamlException e)
        {
            problems.Add(e.Start, $"YAML syntax error: {Quoted.Cut(YamlMessages.WithoutPosition(e), 200)}");
            return null;
        }

        // An empty file is a config without scripts, as YAML's null.
        return expander._root switch
        {
            YamlTreeMapping root => WithoutExtensionKeys(root),
            null => new YamlTreeScalar(Mark.Empty, "", ScalarStyle.Plain),
            var other => other,
        };
    }

    private bool On(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart when ++_documents == 2:
                _problems.Add(e.Start, "only one YAML document is allowed (remove the second '---')");
                return false;
            case Scalar s:
                return Count(e.Start, 1, s.Value.Length, 0) && Add(Anchored(s.Anchor, new YamlTreeScalar(s.Start, s.Value, s.Style)));
            case AnchorAlias a:
                return OnAlias(a);
            case MappingStart or SequenceStart:
                if (!Count(e.Start, 1, 0, 1))
                {
                    return false;
                }

                var anchor = ((NodeEvent)e).Anchor;
                if (anchor is not null)
                {
                    _openAnchors.Add(anchor);
                }

                _frames.Push(new Frame(e.Start, anchor, e is MappingStart, PathOfNext()));
                return true;
            case MappingEnd or SequenceEnd:
                var frame = _frames.Pop();
                if (frame.Anchor is not null)
                {
                    _openAnchors.Remove(frame.Anchor);
                }

                YamlTreeNode node = frame.IsMapping ? Merge(frame) : new YamlTreeSequence(frame.Start, frame.Items);
                return Add(Anchored(frame.Anchor, node));
            default:
                return true;
        }
    }

    private bool OnAlias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value, out var target))
        {
            _problems.Add(alias.Start, _openAnchors.Contains(alias.Value)
                ? $"alias '*{Quoted.Cut(alias.Value)}' is used inside its own anchor; an alias cannot contain itself"
                : $"alias '*{Quoted.Cut(alias.Value)}' has no anchor before it; define it first with '&{Quoted.Cut(alias.Value)}'");
            return false;
        }

        // The whole expansion counts here, before anything is built: an alias is one reference, however large.
        return Count(alias.Start, target.Size, target.Characters, target.Height) && Add(target);
    }

    private bool Count(Mark at, int nodes, long characters, int height)
    {
        _nodes += nodes;
        _characters += characters;
        if (_nodes > MaxNodes)
        {
            _problems.Add(at, $"the file expands to too many values (at most {MaxNodes} after expanding aliases); is an alias used in a loop of anchors?");
            return false;
        }

        if (_characters > MaxCharacters)
        {
            _problems.Add(at, $"the file expands to too much text (at most {MaxCharacters} characters after expanding aliases)");
            return false;
        }

        if (_frames.Count + height > MaxDepth)
        {
            _problems.Add(at, $"nested deeper than {MaxDepth} levels");
            return false;
        }

        return true;
    }

    private YamlTreeNode Anchored(string? anchor, YamlTreeNode node)
    {
        if (anchor is not null)
        {
            // A later anchor of the same name replaces the earlier one for the aliases after it (YAML 1.2, 3.2.2.2).
            _anchors[anchor] = node;
        }

        return node;
    }

    private bool Add(YamlTreeNode node)
    {
        if (!_frames.TryPeek(out var parent))
        {
            _root = node;
            return true;
        }

        if (!parent.IsMapping)
        {
            parent.Items.Add(node);
            return true;
        }

        if (parent.PendingKey is null)
        {
            if (node is YamlTreeScalar key)
            {
                parent.PendingKey = key;
            }
            else
            {
                _problems.Add(node.Start, $"a key must be a plain string, found {Describe(node)}");
                parent.PendingKey = new YamlTreeScalar(node.Start, "", ScalarStyle.Plain);
                parent.SkipValue = true;
            }

            return true;
        }

        var pending = parent.PendingKey;
        parent.PendingKey = null;
        if (parent.SkipValue)
        {
            parent.SkipValue = false;
            return true;
        }

        if (pending.Value == MergeKey && pending.Style is ScalarStyle.Plain or ScalarStyle.Any)
        {
            return AddMergeSources(parent, pending, node);
        }

        if (parent.Seen.TryGetValue(pending.Value, out var first))
        {
            var what = parent.Path is [ConfigFileSection.ScriptsKey] ? "script name" : "key";
            _problems.Add(
                pending.Start,
                $"duplicate {what} '{Quoted.Cut(pending.Value)}' {YamlOutline.Describe(parent.Path)} (first defined on line {first.Line + 1})");
            return true;
        }

        parent.Seen.Add(pending.Value, pending.Start);
        parent.Entries.Add(new(pending, node));
        return true;
    }

    /// <summary>The keys leading to the node that starts now, for messages.</summary>
    private string[] PathOfNext() => _frames.TryPeek(out var parent)
        ? parent.IsMapping ? [.. parent.Path, parent.PendingKey?.Value ?? "?"] : parent.Path
        : [];

    private bool AddMergeSources(Frame parent, YamlTreeScalar key, YamlTreeNode value)
    {
        IEnumerable<YamlTreeNode> sources = value is YamlTreeSequence list ? list.Items : [value];
        foreach (var source in sources)
        {
            if (source is not YamlTreeMapping mapping)
            {
                _problems.Add(source.Start, $"'<<' merges mappings: give an alias of one (<<: *defaults) or a list of them, found {Describe(source)}");
                continue;
            }

            parent.MergeSources.Add(mapping);
        }

        return true;
    }

    /// <summary>YAML 1.1 merge: the mapping's own keys win, then the sources in the order given.</summary>
    private static YamlTreeMapping Merge(Frame frame)
    {
        if (frame.MergeSources.Count == 0)
        {
            return new YamlTreeMapping(frame.Start, frame.Entries);
        }

        var entries = new List<KeyValuePair<YamlTreeScalar, YamlTreeNode>>(frame.Entries);
        var seen = new HashSet<string>(frame.Seen.Keys, StringComparer.Ordinal);
        foreach (var source in frame.MergeSources)
        {
            foreach (var entry in source.Entries)
            {
                if (seen.Add(entry.Key.Value))
                {
                    entries.Add(entry);
                }
            }
        }

        return new YamlTreeMapping(frame.Start, entries);
    }

    /// <summary>Compose's extension fields: top-level keys starting with <c>x-</c> hold anchors and are otherwise ignored.</summary>
    private static YamlTreeMapping WithoutExtensionKeys(YamlTreeMapping root) =>
        new(root.Start, [.. root.Entries.Where(e => !e.Key.Value.StartsWith("x-", StringComparison.Ordinal))]);

    private static string Describe(YamlTreeNode node) => node switch
    {
        YamlTreeMapping => "a mapping",
        YamlTreeSequence => "a list",
        YamlTreeScalar s => $"'{Quoted.Cut(s.Value)}'",
        _ => "a value",
    };

    private sealed class Frame(Mark start, string? anchor, bool isMapping, string[] path)
    {
        public string[] Path { get; } = path;

        public Mark Start { get; } = start;

        public string? Anchor { get; } = anchor;

        public bool IsMapping { get; } = isMapping;

        public List<YamlTreeNode> Items { get; } = [];

        public List<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries { get; } = [];

        public Dictionary<string, Mark> Seen { get; } = new(StringComparer.Ordinal);

        public List<YamlTreeMapping> MergeSources { get; } = [];

        public YamlTreeScalar? PendingKey { get; set; }

        public bool SkipValue { get; set; }
    }
}
