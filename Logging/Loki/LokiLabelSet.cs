using System.Collections.Immutable;
using System.Text;

namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// The labels of one Loki stream, sorted by name. Two sets with the same pairs are equal, so entries from
/// different producers with the same labels share a stream in a push request.
/// </summary>
internal sealed class LokiLabelSet : IEquatable<LokiLabelSet>
{
    private readonly string _key;

    private LokiLabelSet(ImmutableSortedDictionary<string, string> labels)
    {
        Labels = labels;
        var key = new StringBuilder("{");
        foreach (var (name, value) in labels)
        {
            key.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\",");
        }

        _key = key.Append('}').ToString();
    }

    public ImmutableSortedDictionary<string, string> Labels { get; }

    /// <summary>Builds a set from pairs in order; a later pair with the same name replaces an earlier one.</summary>
    public static LokiLabelSet Create(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            builder[name] = value;
        }

        return new LokiLabelSet(builder.ToImmutable());
    }

    public bool Equals(LokiLabelSet? other) => other is not null && _key == other._key;

    public override bool Equals(object? obj) => obj is LokiLabelSet other && Equals(other);

    public override int GetHashCode() => _key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => _key;
}
