using SharpYaml;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// A YAML document after anchors, aliases and merge keys are resolved (<see cref="YamlExpander"/>). An alias shares
/// the anchored node instead of copying it, so memory stays that of the file; <see cref="Size"/> counts the nodes
/// the expansion stands for. <see cref="Start"/> is always the position of the node as written in the file.
/// </summary>
internal abstract record YamlTreeNode(Mark Start)
{
    /// <summary>Nodes after expansion, this one included.</summary>
    public abstract int Size { get; }

    /// <summary>Characters of scalar text after expansion.</summary>
    public abstract long Characters { get; }

    /// <summary>Collection levels: 0 for a scalar.</summary>
    public abstract int Height { get; }
}

internal sealed record YamlTreeScalar(Mark Start, string Value, ScalarStyle Style) : YamlTreeNode(Start)
{
    public override int Size => 1;

    public override long Characters => Value.Length;

    public override int Height => 0;

    /// <summary>An empty value, <c>~</c> or <c>null</c>, unquoted: YAML's null.</summary>
    public bool IsNull => Style is ScalarStyle.Plain or ScalarStyle.Any && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlTreeMapping(Mark Start, IReadOnlyList<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries) : YamlTreeNode(Start)
{
    public override int Size { get; } = 1 + Entries.Sum(e => 1 + e.Value.Size);

    public override long Characters { get; } = Entries.Sum(e => e.Key.Characters + e.Value.Characters);

    public override int Height { get; } = 1 + Entries.Select(e => e.Value.Height).DefaultIfEmpty(0).Max();
}

internal sealed record YamlTreeSequence(Mark Start, IReadOnlyList<YamlTreeNode> Items) : YamlTreeNode(Start)
{
    public override int Size { get; } = 1 + Items.Sum(i => i.Size);

    public override long Characters { get; } = Items.Sum(i => i.Characters);

    public override int Height { get; } = 1 + Items.Select(i => i.Height).DefaultIfEmpty(0).Max();
}
